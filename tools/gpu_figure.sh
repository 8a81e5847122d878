#!/usr/bin/env bash
# The GPU figure: one notebook epoch (1920 + 480 samples of length 259, batch 16, full width) with the whole
# training step on the OpenCL device, beside the CPU backend on the same machine, the share of the device epoch
# spent in host<->device copies, and the loss agreement of the two runs (ser.kernels.bench.EpochTiming).
#
#   tools/gpu_figure.sh            # prepare, then run, on one machine that has a GPU and reaches the registries
#   tools/gpu_figure.sh prepare    # here (network needed): build, fetch the ICD loader, pack everything in gpu-figure/
#   tools/gpu_figure.sh run        # on the GPU machine, from the copied gpu-figure/ folder's parent (no network)
#
# What it needs on the GPU machine: a JDK 17 (java on PATH) and the vendor's OpenCL driver (NVIDIA's driver ships
# libnvidia-opencl.so.1 and /etc/OpenCL/vendors/nvidia.icd). The ICD loader libOpenCL.so comes along as the Debian
# package ocl-icd-libopencl1, unpacked with dpkg -x (JOCL opens the unversioned name, so a symlink is added).
# Arguments after run go to EpochTiming: [train samples] [validation samples] [width] [epochs].
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=gpu-figure

prepare() {
  ./mvnw -B -q -DskipTests package
  rm -rf "$bundle" && mkdir -p "$bundle/lib" "$bundle/icd"
  cp -r kernels/target/test-classes "$bundle/test-classes"
  cp -r kernels/target/classes "$bundle/classes"
  tr ':' '\n' < kernels/target/test-classpath.txt | while read -r jar; do
    [ -f "$jar" ] && cp "$jar" "$bundle/lib/"
  done
  (cd "$bundle/icd" && apt-get download ocl-icd-libopencl1 && dpkg -x ocl-icd-libopencl1_*.deb root)
  libdir=$(dirname "$(find "$bundle/icd/root" -name 'libOpenCL.so.1*' | head -1)")
  ln -sf libOpenCL.so.1 "$libdir/libOpenCL.so"
  echo "$libdir" | sed "s|^$bundle/||" > "$bundle/icd/libdir"
  echo "gpu_figure: packed $(du -sh "$bundle" | cut -f1) in $bundle/; copy it and tools/gpu_figure.sh to the GPU machine"
}

run() {
  [ -d "$bundle" ] || { echo "gpu_figure: $bundle/ is missing; run tools/gpu_figure.sh prepare first" >&2; exit 1; }
  libdir="$PWD/$bundle/$(cat "$bundle/icd/libdir")"
  export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if [ ! -d /etc/OpenCL/vendors ] && [ -z "${OCL_ICD_VENDORS:-}" ]; then   # a driver without its .icd file
    nv=$(ldconfig -p | awk '/libnvidia-opencl.so.1/ {print $NF; exit}')
    if [ -n "$nv" ]; then
      mkdir -p "$bundle/vendors" && echo "$nv" > "$bundle/vendors/nvidia.icd"
      export OCL_ICD_VENDORS="$PWD/$bundle/vendors"
    fi
  fi
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(java -version 2>&1 | head -1)"
  command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  echo "date: $(date -u +%FT%TZ); load: $(uptime | sed 's/.*load average: //')"
  # libjsig: PoCL's and some drivers' LLVM install signal handlers over the JVM's (see docs/opencl.md)
  LD_PRELOAD="$java_home/lib/libjsig.so" java --add-modules jdk.incubator.vector \
    -cp "$bundle/test-classes:$bundle/classes:$bundle/lib/*" ser.kernels.bench.EpochTiming "$@"
}

case "${1:-all}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  all) prepare; run ;;
  *) echo "usage: tools/gpu_figure.sh [prepare | run [samples val width epochs]]" >&2; exit 2 ;;
esac
