// conv1d.cl: the three products of a stride-1 Conv1D, each as one tiled matrix multiply over matrices that are
// never stored (an implicit im2col). Layouts as in ser.engine.backend.Backend, row-major:
//   x [B,T,C]   w [K,C,F]   bias [F]   y, dy [B,U,F]      output step u with tap k reads input step t = u - pad + k
//
// Every product has the form OUT[M x N] (= or +=) sum over r < R of A[m,r] * W[r,n]:
// docs:begin products
//   forward           y[m=(b,u), n=f]  =  sum_{r=(k,c)} x[b, u-pad+k, c] * w[k,c,f]  + bias[f]   M=B*U N=F R=K*C
//   backward input    dx[m=(b,t), n=c] =  sum_{r=(k,f)} dy[b, t+pad-k, f] * w[k,c,f]             M=B*T N=C R=K*F
//   backward weights  dw[m=(k,c), n=f] += sum_{r=(b,u)} x[b, u-pad+k, c] * dy[b,u,f]             M=K*C N=F R=B*U
// docs:end products
// Steps outside the input (or output) read zero: that is the padding, and no padded copy is ever made.
//
// Tiling. TM, TN, TK, RM, RN are compile-time constants chosen by the host (-D options) to fit the device.
// A work-group computes a TM x TN tile of OUT with (TM/RM) x (TN/RN) work-items; each work-item keeps an
// RM x RN block of sums in registers. The reduction walks R in chunks of TK: the group copies a TM x TK slice
// of A and a TK x TN slice of W into local memory, waits at a barrier, and every work-item multiplies out of
// local memory. Each global element is then read once per tile instead of once per output.
// Each output's sum runs in one fixed order, so results are the same bits on every call.

#if !defined(TM) || !defined(TN) || !defined(TK) || !defined(RM) || !defined(RN)
#error "conv1d.cl needs the tile as -D options: -DTM=64 -DTN=64 -DTK=16 -DRM=4 -DRN=4 (see TileConfig)"
#endif

#define FORWARD 0
#define BACKWARD_INPUT 1
#define BACKWARD_WEIGHTS 2

#define WM (TM / RM)   // work-items along m (local id 1)
#define WN (TN / RN)   // work-items along n (local id 0)

// docs:begin load_a
// A[m, r] of product `op`; zero outside the matrix and in the padding.
inline float load_a(const int op, __global const float *a, int m, int r, int M, int R,
                    int T, int C, int F, int U, int pad) {
    if (m >= M || r >= R) return 0.0f;
    if (op == FORWARD) {                  // x[b, u-pad+k, c]   m = (b,u), r = (k,c)
        int b = m / U, u = m - b * U, k = r / C, c = r - k * C;
        int t = u - pad + k;
        return (t >= 0 && t < T) ? a[(b * T + t) * C + c] : 0.0f;
    } else if (op == BACKWARD_INPUT) {    // dy[b, t+pad-k, f]  m = (b,t), r = (k,f)
        int b = m / T, t = m - b * T, k = r / F, f = r - k * F;
        int u = t + pad - k;
        return (u >= 0 && u < U) ? a[(b * U + u) * F + f] : 0.0f;
    } else {                              // x[b, u-pad+k, c]   m = (k,c), r = (b,u)
        int k = m / C, c = m - k * C, b = r / U, u = r - b * U;
        int t = u - pad + k;
        return (t >= 0 && t < T) ? a[(b * T + t) * C + c] : 0.0f;
    }
}
// docs:end load_a

// W[r, n] of product `op`; zero outside the matrix.
inline float load_w(const int op, __global const float *wm, int r, int n, int R, int N, int C, int F) {
    if (r >= R || n >= N) return 0.0f;
    if (op == BACKWARD_INPUT) {           // w[k, c=n, f]       r = (k,f): w read transposed per tap
        int k = r / F, f = r - k * F;
        return wm[(k * C + n) * F + f];
    }
    return wm[r * N + n];                 // forward: w as [K*C, F]; backward weights: dy as [B*U, F]
}

// docs:begin conv_gemm
inline void conv_gemm(const int op, __global const float *a, __global const float *wm,
                      __global const float *bias, __global float *out,
                      int M, int N, int R, int T, int C, int F, int U, int pad,
                      __local float *As, __local float *Ws) {
    // As[kk*TM + i] = A[m0+i, r0+kk] and Ws[kk*TN + j] = W[r0+kk, n0+j] for the current chunk r0.
    const int lm = get_local_id(1), ln = get_local_id(0), tid = lm * WN + ln;
    const int m0 = get_group_id(1) * TM, n0 = get_group_id(0) * TN;
    float acc[RM][RN];
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++) acc[i][j] = 0.0f;

    for (int r0 = 0; r0 < R; r0 += TK) {
        // Cooperative copy into local memory; consecutive work-items take consecutive global addresses
        // (r is the contiguous index of A except in backward weights, where m is).
        for (int e = tid; e < TM * TK; e += WM * WN) {
            int i = (op == BACKWARD_WEIGHTS) ? e % TM : e / TK;
            int kk = (op == BACKWARD_WEIGHTS) ? e / TM : e % TK;
            As[kk * TM + i] = load_a(op, a, m0 + i, r0 + kk, M, R, T, C, F, U, pad);
        }
        for (int e = tid; e < TK * TN; e += WM * WN) {
            int j = (op == BACKWARD_INPUT) ? e / TK : e % TN;
            int kk = (op == BACKWARD_INPUT) ? e % TK : e / TN;
            Ws[kk * TN + j] = load_w(op, wm, r0 + kk, n0 + j, R, N, C, F);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TK; kk++) {
            float av[RM], wv[RN];
            for (int i = 0; i < RM; i++) av[i] = As[kk * TM + lm + i * WM];
            for (int j = 0; j < RN; j++) wv[j] = Ws[kk * TN + ln + j * WN];
            for (int i = 0; i < RM; i++)
                for (int j = 0; j < RN; j++) acc[i][j] += av[i] * wv[j];
        }
        barrier(CLK_LOCAL_MEM_FENCE);   // before the next chunk overwrites As and Ws
    }

    // Work-item (lm, ln) owns rows lm + i*WM and columns ln + j*WN of the tile.
    for (int i = 0; i < RM; i++) {
        int m = m0 + lm + i * WM;
        if (m >= M) continue;
        for (int j = 0; j < RN; j++) {
            int n = n0 + ln + j * WN;
            if (n >= N) continue;
            if (op == FORWARD) out[m * N + n] = acc[i][j] + bias[n];
            else if (op == BACKWARD_INPUT) out[m * N + n] = acc[i][j];
            else out[m * N + n] += acc[i][j];
        }
    }
}
// docs:end conv_gemm

// Global size: (ceil(N/TN) * WN, ceil(M/TM) * WM); local size: (WN, WM).
__kernel __attribute__((reqd_work_group_size(WN, WM, 1)))
void conv1d_forward(__global const float *x, __global const float *w, __global const float *bias,
                    __global float *y, int B, int T, int C, int F, int K, int pad, int U) {
    __local float As[TK * TM];
    __local float Ws[TK * TN];
    conv_gemm(FORWARD, x, w, bias, y, B * U, F, K * C, T, C, F, U, pad, As, Ws);
}

__kernel __attribute__((reqd_work_group_size(WN, WM, 1)))
void conv1d_backward_input(__global const float *dy, __global const float *w, __global float *dx,
                           int B, int T, int C, int F, int K, int pad, int U) {
    __local float As[TK * TM];
    __local float Ws[TK * TN];
    conv_gemm(BACKWARD_INPUT, dy, w, 0, dx, B * T, C, K * F, T, C, F, U, pad, As, Ws);
}

// dw += ...: the host uploads the current dw and reads the sum back.
__kernel __attribute__((reqd_work_group_size(WN, WM, 1)))
void conv1d_backward_weights(__global const float *x, __global const float *dy, __global float *dw,
                             int B, int T, int C, int F, int K, int pad, int U) {
    __local float As[TK * TM];
    __local float Ws[TK * TN];
    conv_gemm(BACKWARD_WEIGHTS, x, dy, 0, dw, K * C, F, B * U, T, C, F, U, pad, As, Ws);
}

// dbias[f] += sum over (b,u) of dy[b,u,f]; one work-item per filter, summing in a fixed order.
__kernel void conv1d_backward_bias(__global const float *dy, __global float *dbias, int rows, int F) {
    int f = get_global_id(0);
    if (f >= F) return;
    float s = 0.0f;
    for (int m = 0; m < rows; m++) s += dy[m * F + f];
    dbias[f] += s;
}
