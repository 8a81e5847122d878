#!/usr/bin/env python3
"""What machine a benchmark ran on, printed beside every figure: CPU model, vector ISA, JDK, vector length.

    python3 tools/machine.py            # one line, e.g. "AMD EPYC (x86_64, avx2 fma; 2 cores) | JDK 17.0.15 ..."

Also used by the other tools: openblas_coretypes() says which OpenBLAS kernels this CPU can run, so a comparison
never forces AVX-512 kernels onto an AVX2 machine (OpenBLAS dies with SIGILL there).
"""
import os
import platform
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_flags():
    """The CPU's feature flags from /proc/cpuinfo ('flags' on x86, 'Features' on ARM)."""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                key = line.split(":", 1)[0].strip().lower()
                if key in ("flags", "features"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"^Model name:\s*(.+)$", out, re.M)
        if m:
            return m.group(1).strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def vector_isa(flags=None):
    """The widest vector extensions, e.g. 'avx512f avx2 fma' or 'asimd sve'."""
    flags = cpu_flags() if flags is None else flags
    names = ["avx512f", "avx2", "fma", "avx", "asimd", "sve", "sve2"]
    found = [n for n in names if n in flags]
    return " ".join(found) if found else "no AVX/NEON flags found"


def openblas_coretypes(flags=None, arch=None):
    """OPENBLAS_CORETYPE values this CPU can run, narrowest first; None means OpenBLAS's own detection."""
    flags = cpu_flags() if flags is None else flags
    arch = platform.machine() if arch is None else arch
    if arch in ("x86_64", "AMD64", "amd64"):
        types = []
        if "avx2" in flags and "fma" in flags:
            types.append("Haswell")
        if "avx512f" in flags:
            types.append("SkylakeX")
        return types or ["Sandybridge" if "avx" in flags else "Nehalem"]
    return [None]  # ARM and others: let OpenBLAS pick the kernels for the CPU it finds


def java_description(java="java"):
    """JDK version and the Vector API's preferred FloatVector length on this machine, e.g. 'JDK 17.0.15, 256-bit'."""
    try:
        ver = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
        m = re.search(r'version "([^"]+)"', ver)
        version = m.group(1) if m else "unknown"
        vendor = "OpenJDK" if "OpenJDK" in ver else ver.splitlines()[1].split(" (")[0] if ver else ""
    except OSError:
        return "no java on PATH"
    src = ("public class Species { public static void main(String[] a) { System.out.println("
           "jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize()); } }")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Species.java")
        with open(path, "w") as fh:
            fh.write(src)
        out = subprocess.run([java, "--add-modules", "jdk.incubator.vector", path], capture_output=True, text=True)
    bits = out.stdout.strip() or "?"
    return "%s %s, preferred FloatVector %s-bit" % (vendor, version, bits)


def describe(java="java"):
    """The one line printed with every figure."""
    return "%s (%s, %s; %d cores) | %s | load %s" % (
        cpu_model(), platform.machine(), vector_isa(), os.cpu_count() or 0, java_description(java), load())


def load():
    """The 1-minute load average, to read figures from a shared machine with."""
    try:
        return "%.1f" % os.getloadavg()[0]
    except OSError:
        return "?"


if __name__ == "__main__":
    print(describe())
