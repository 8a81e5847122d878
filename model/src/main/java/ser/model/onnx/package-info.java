/**
 * Models out to ONNX, so they run in onnxruntime (Python, Java, C++, the browser): {@link ser.model.onnx.OnnxExport}
 * maps a Sequential to an opset-13 graph, and {@code ProtoWriter} writes the protocol-buffers wire format by hand
 * (five message types, a few field kinds: no generated code, no dependency). See docs/model-files.md.
 */
package ser.model.onnx;
