/** JMH benchmarks of the OpenCL convolution kernels beside the CPU backend (never run by Surefire). */
package ser.kernels.bench;
