namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>A CAT_NAMEVALUE (1.3.6.1.4.1.311.12.2.1): a named string on the catalog ("OSAttr") or on a member ("File").</summary>
    public sealed class CatalogNameValue
    {
        internal CatalogNameValue(string name, int flags, string value)
        {
            Name = name;
            Flags = flags;
            Value = value;
        }

        public string Name { get; }

        public int Flags { get; }

        public string Value { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
