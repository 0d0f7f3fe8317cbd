namespace IomapModel.IextTree;

/// <summary>
/// The C would dereference NULL or index outside a node here (a kernel oops). The kernel's own callers never get there;
/// the model stops with this exception instead of corrupting its state, so a test can show the input that would oops.
/// </summary>
internal sealed class KernelOopsException(string message) : Exception(message);
