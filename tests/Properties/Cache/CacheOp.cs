namespace IomapModel.Properties.Cache;

public enum CacheOpKind
{
    Add,
    Remove,
    Upsert,
    Invalidate,
    NotifyUpsert,
    NotifyInval,
    Lookup,
    BadNotifyUpsert,
    BadNotifyInval,
}

/// <summary>One generated cache step. Offsets and lengths are in blocks unless the kind says otherwise; <see cref="Attr"/>
/// picks type, flags, device and address base; negative lengths mean "to EOF".</summary>
public readonly record struct CacheOp(CacheOpKind Kind, bool Write, int Start, int Length, int Attr, int Extra)
{
    public override string ToString() => $"{Kind}({(Write ? "w" : "r")},{Start},{Length},{Attr},{Extra})";
}
