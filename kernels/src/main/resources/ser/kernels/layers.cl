// The notebook network's training step besides the convolutions (those are conv1d.cl): ReLU, BatchNormalization,
// Dropout, MaxPooling1D, Dense, softmax with cross-entropy, and the SGD update. Each kernel is the matching CPU
// layer's loop (ser.engine.layers.*) written for one work-item per output element, with the same float or double
// arithmetic in the same order, so that the results equal the CPU's to rounding (mostly bit for bit).
//
// Layouts are the CPU layers': row-major, channels last, [B, T, C] for sequences, [B, N] for flat tensors.
//
// Reductions (BatchNormalization's statistics, the bias and Dense weight gradients, the batch loss) run in one
// work-item per output, over their terms in a fixed order, with no atomics: the bits are the same on every run.

#pragma OPENCL EXTENSION cl_khr_fp64 : enable
// No fused multiply-add: the CPU rounds every product before adding, and so must the device to agree with it.
#pragma OPENCL FP_CONTRACT OFF

__kernel void fill_zero(__global float *a, int n) {
    int i = get_global_id(0);
    if (i < n) a[i] = 0.0f;
}

// ***** ReLU: y = max(x, 0) (NaN stays NaN, as Java's Math.max); dx = dy where y != 0, else 0 *****

__kernel void relu_forward(__global const float *x, __global float *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float v = x[i];
    y[i] = (v > 0.0f || isnan(v)) ? v : 0.0f;
}

__kernel void relu_backward(__global const float *y, __global const float *dy, __global float *dx, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    dx[i] = y[i] == 0.0f ? 0.0f : dy[i];
}

// ***** Dropout: the CPU's counter-based masks, keep_i = unitFloat(hash(seed, step, i)) >= rate *****

// SplitMix64's output function, as ser.engine.Rng.mix (ulong arithmetic wraps as Java's long does).
inline ulong mix64(ulong z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

#define GOLDEN 0x9E3779B97F4A7C15UL

// y = x / keep_prob * mask (TensorFlow's order); threshold = ceil(rate * 2^24), so keep iff top 24 bits >= it.
__kernel void dropout_forward(__global const float *x, __global float *mask, __global float *y, int n,
                              long seed, long step, long threshold, float keepProb) {
    int i = get_global_id(0);
    if (i >= n) return;
    ulong key = mix64((ulong) seed + GOLDEN * ((ulong) step + 1));
    ulong top24 = mix64(key + GOLDEN * ((ulong) i + 1)) >> 40;
    float m = (long) top24 >= threshold ? 1.0f : 0.0f;
    mask[i] = m;
    y[i] = x[i] / keepProb * m;
}

__kernel void dropout_backward(__global const float *mask, __global const float *dy, __global float *dx, int n,
                               float keepProb) {
    int i = get_global_id(0);
    if (i >= n) return;
    dx[i] = dy[i] / keepProb * mask[i];
}

// ***** MaxPooling1D, 'valid': y[b,u,c] = max_j x[b, u*S + j, c], first index on ties *****

// One work-item per output (b,u,c); argmax holds the flat index into x of the chosen element.
__kernel void maxpool_forward(__global const float *x, __global float *y, __global int *argmax,
                              int B, int T, int C, int U, int pool, int stride) {
    int o = get_global_id(0);
    if (o >= B * U * C) return;
    int c = o % C, bu = o / C, u = bu % U, b = bu / U;
    int first = (b * T + u * stride) * C + c;
    float best = x[first];
    int at = first;
    for (int j = 1; j < pool; j++) {
        float v = x[first + j * C];
        if (v > best) { best = v; at = first + j * C; }   // strict: ties keep the first
    }
    y[o] = best;
    argmax[o] = at;
}

// dx[b,t,c] = sum over the windows u that contain t and chose it of dy[b,u,c]; one work-item per input element,
// summing over u in ascending order (the CPU's scatter order), so overlapping windows need no atomics.
__kernel void maxpool_backward(__global const float *dy, __global const int *argmax, __global float *dx,
                               int B, int T, int C, int U, int pool, int stride) {
    int i = get_global_id(0);
    if (i >= B * T * C) return;
    int c = i % C, bt = i / C, t = bt % T, b = bt / T;
    int uFirst = t < pool ? 0 : (t - pool) / stride + 1;   // the first window whose end is past t
    int uLast = min(t / stride, U - 1);                  // the last window starting at or before t
    float s = 0.0f;
    for (int u = uFirst; u <= uLast; u++) {
        int o = (b * U + u) * C + c;
        if (argmax[o] == i) s += dy[o];
    }
    dx[i] = s;
}

// ***** BatchNormalization over the last axis: per-channel statistics of the N = B*T rows *****

// Training statistics, one work-item per channel: mean, biased variance (two passes, sums in double), invStd and
// the moving averages (float32, TensorFlow's zero-debiased rule when zeroDebias, else the plain average).
// d = 1 - momentum, unbias = N / (N - (1 + epsilon)), debias = 1 - (1 - d)^t of this step: computed by the host.
__kernel void batchnorm_statistics(__global const float *x, __global float *mean, __global float *invStd,
                                   __global float *movingMean, __global float *movingVar,
                                   __global float *biasedMean, __global float *biasedVar,
                                   int N, int C, double epsilon, float d, float unbias, float debias,
                                   int zeroDebias) {
    int c = get_global_id(0);
    if (c >= C) return;
    double sum = 0.0;
    for (int n = 0; n < N; n++) sum += x[n * C + c];
    float m = (float) (sum / N);
    double sq = 0.0;
    for (int n = 0; n < N; n++) {
        double e = x[n * C + c] - (double) m;
        sq += e * e;
    }
    float var = (float) (sq / N);
    mean[c] = m;
    invStd[c] = (float) (1.0 / sqrt(var + epsilon));
    float sampleVar = var * unbias;
    if (zeroDebias) {
        float bm = biasedMean[c] - (biasedMean[c] - m) * d;
        float bv = biasedVar[c] - (biasedVar[c] - sampleVar) * d;
        biasedMean[c] = bm;
        biasedVar[c] = bv;
        movingMean[c] = movingMean[c] - (movingMean[c] - bm / debias);
        movingVar[c] = movingVar[c] - (movingVar[c] - bv / debias);
    } else {
        movingMean[c] = movingMean[c] - (movingMean[c] - m) * d;
        movingVar[c] = movingVar[c] - (movingVar[c] - sampleVar) * d;
    }
}

// xhat = (x - mean) invStd, y = gamma xhat + beta; one work-item per element.
__kernel void batchnorm_normalize(__global const float *x, __global const float *mean, __global const float *invStd,
                                  __global const float *gamma, __global const float *beta,
                                  __global float *xhat, __global float *y, int n, int C) {
    int i = get_global_id(0);
    if (i >= n) return;
    int c = i % C;
    float xh = (x[i] - mean[c]) * invStd[c];
    xhat[i] = xh;
    y[i] = gamma[c] * xh + beta[c];
}

// Inference: y = x inv + (beta - movingMean inv), inv = gamma / sqrt(movingVar + epsilon) (tf.nn.batch_normalization).
__kernel void batchnorm_inference(__global const float *x, __global const float *movingMean,
                                  __global const float *movingVar, __global const float *gamma,
                                  __global const float *beta, __global float *y, int n, int C, double epsilon) {
    int i = get_global_id(0);
    if (i >= n) return;
    int c = i % C;
    float inv = (float) (1.0 / sqrt(movingVar[c] + epsilon));
    float scale = inv * gamma[c];
    float shift = beta[c] - movingMean[c] * scale;
    y[i] = x[i] * scale + shift;
}

// Backward sums, one work-item per channel: dbeta = sum g, dgamma = sum g xhat (in double, in row order), and the
// per-channel factors of dx: scale = gamma invStd, meanG = mean(g), meanGXhat = mean(g xhat).
__kernel void batchnorm_backward_sums(__global const float *dy, __global const float *xhat,
                                      __global const float *gamma, __global const float *invStd,
                                      __global float *dgamma, __global float *dbeta, __global float *scale,
                                      __global float *meanG, __global float *meanGXhat, int N, int C) {
    int c = get_global_id(0);
    if (c >= C) return;
    double sumDy = 0.0, sumDyXhat = 0.0;
    for (int n = 0; n < N; n++) {
        sumDy += dy[n * C + c];
        sumDyXhat += dy[n * C + c] * (double) xhat[n * C + c];
    }
    dbeta[c] = (float) sumDy;
    dgamma[c] = (float) sumDyXhat;
    scale[c] = gamma[c] * invStd[c];
    meanG[c] = (float) (sumDy / N);
    meanGXhat[c] = (float) (sumDyXhat / N);
}

// dx = gamma invStd (g - mean(g) - xhat mean(g xhat)); one work-item per element.
__kernel void batchnorm_backward_dx(__global const float *dy, __global const float *xhat,
                                    __global const float *scale, __global const float *meanG,
                                    __global const float *meanGXhat, __global float *dx, int n, int C) {
    int i = get_global_id(0);
    if (i >= n) return;
    int c = i % C;
    dx[i] = scale[c] * (dy[i] - meanG[c] - xhat[i] * meanGXhat[c]);
}

// ***** Dense: y[b,j] = bias[j] + sum_i x[b,i] W[i,j], W is (N, units) *****

__kernel void dense_forward(__global const float *x, __global const float *w, __global const float *bias,
                            __global float *y, int B, int N, int units) {
    int o = get_global_id(0);
    if (o >= B * units) return;
    int b = o / units, j = o % units;
    float s = 0.0f;
    for (int i = 0; i < N; i++) s += x[b * N + i] * w[i * units + j];
    y[o] = s + bias[j];
}

// dx[b,i] = sum_j dy[b,j] W[i,j]
__kernel void dense_backward_input(__global const float *dy, __global const float *w, __global float *dx,
                                   int B, int N, int units) {
    int o = get_global_id(0);
    if (o >= B * N) return;
    int b = o / N, i = o % N;
    float s = 0.0f;
    for (int j = 0; j < units; j++) s += dy[b * units + j] * w[i * units + j];
    dx[o] = s;
}

// dW[i,j] = sum_b x[b,i] dy[b,j] for i < N; the work-items past N * units write dbias[j] = sum_b dy[b,j].
__kernel void dense_backward_weights(__global const float *x, __global const float *dy, __global float *dw,
                                     __global float *dbias, int B, int N, int units) {
    int o = get_global_id(0);
    if (o >= (N + 1) * units) return;
    int i = o / units, j = o % units;
    float s = 0.0f;
    if (i < N) {
        for (int b = 0; b < B; b++) s += x[b * N + i] * dy[b * units + j];
        dw[o] = s;
    } else {
        for (int b = 0; b < B; b++) s += dy[b * units + j];
        dbias[j] = s;
    }
}

// ***** softmax, categorical cross-entropy (Keras' clip at 1e-7) and its fused gradient (p - y) / B *****

// One work-item per row of K logits.
__kernel void softmax_forward(__global const float *z, __global float *p, int B, int K) {
    int b = get_global_id(0);
    if (b >= B) return;
    int row = b * K;
    float mx = -INFINITY;
    for (int k = 0; k < K; k++) mx = fmax(mx, z[row + k]);
    float sum = 0.0f;
    for (int k = 0; k < K; k++) {
        float e = (float) exp((double) (z[row + k] - mx));
        p[row + k] = e;
        sum += e;
    }
    for (int k = 0; k < K; k++) p[row + k] /= sum;
}

// Per sample: its loss -log(clip(q_label)) into loss[b], 1 into correct[b] when the argmax (first on ties) is
// the label, and, when dz is not 0, dz = (p - y) / B, zero where the clip is active.
__kernel void cross_entropy(__global const float *p, __global const int *labels, __global double *loss,
                            __global int *correct, __global float *dz, int B, int K, int withGradient) {
    int b = get_global_id(0);
    if (b >= B) return;
    const float eps = 1e-7f;
    int row = b * K, label = labels[b];
    float sum = 0.0f;
    for (int k = 0; k < K; k++) sum += p[row + k];
    float q = p[row + label] / sum;
    int clipped = q < eps || q > 1.0f - eps;
    loss[b] = -log((double) fmin(fmax(q, eps), 1.0f - eps));
    int best = 0;
    for (int k = 1; k < K; k++) if (p[row + k] > p[row + best]) best = k;
    correct[b] = best == label;
    if (withGradient) {
        for (int k = 0; k < K; k++) {
            float y = k == label ? 1.0f : 0.0f;
            dz[row + k] = clipped ? 0.0f : (p[row + k] - y) / B;
        }
    }
}

// One work-item: out[0] = sum of the B losses in order (the caller divides), out[1] = number correct.
__kernel void batch_totals(__global const double *loss, __global const int *correct, __global double *out, int B) {
    if (get_global_id(0) != 0) return;
    double total = 0.0;
    int right = 0;
    for (int b = 0; b < B; b++) {
        total += loss[b];
        right += correct[b];
    }
    out[0] = total;
    out[1] = right;
}

// ***** SGD (Keras 2.2.4): v = momentum v - lr_t g; p += v, or with Nesterov p += momentum v - lr_t g *****

__kernel void sgd_update(__global float *p, __global const float *g, __global float *v, int n,
                         float lrT, float momentum, int nesterov) {
    int i = get_global_id(0);
    if (i >= n) return;
    float vi = momentum * v[i] - lrT * g[i];
    v[i] = vi;
    p[i] = nesterov ? p[i] + momentum * vi - lrT * g[i] : p[i] + vi;
}
