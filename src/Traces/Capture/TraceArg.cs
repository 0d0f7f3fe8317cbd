namespace IomapModel.Traces.Capture;

/// <summary>How a TP_printk argument prints: a number (<c>%u</c>/<c>%llu</c>, <c>%llx</c>, <c>%d</c>), a
/// <c>__print_symbolic</c> or <c>__print_flags</c> word of a table, or free text the replay does not need (<c>%pS</c>
/// caller addresses, <c>FUSE_IFLAG_STRINGS</c> inode state).</summary>
public enum TraceArgKind
{
    Decimal,
    Hex,
    Signed,
    Symbol,
    Flags,
    Text,
}

/// <summary>One TP_printk argument, in the order of the format's conversions, named after its <c>__entry</c>
/// field.</summary>
public sealed record TraceArg(string Name, TraceArgKind Kind, TraceSymbolTable? Table = null)
{
    public static TraceArg Dec(string name) => new(name, TraceArgKind.Decimal);
    public static TraceArg Hex(string name) => new(name, TraceArgKind.Hex);
    public static TraceArg Symbol(string name, TraceSymbolTable table) => new(name, TraceArgKind.Symbol, table);
    public static TraceArg Flags(string name, TraceSymbolTable table) => new(name, TraceArgKind.Flags, table);
    public static TraceArg Text(string name) => new(name, TraceArgKind.Text);
}
