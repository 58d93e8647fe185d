namespace SupplyChainTools.Core.Scripts
{
    /// <summary>
    /// Values of <see cref="ScriptSignatureParseResult.FormatStatus"/> (strings, not an enum, so they survive remoting).
    /// A null status means the block is well-formed and the digest can be compared.
    /// </summary>
    public static class ScriptSignatureFormatStatus
    {
        /// <summary>No signature block.</summary>
        public const string NotSigned = "NotSigned";

        /// <summary>A signature block is present but damaged (bad base64, missing end marker, bad line prefix, not PKCS#7), or the file is too large.</summary>
        public const string Malformed = "Malformed";

        /// <summary>Something other than one line ending follows the end marker (code appended after the block).</summary>
        public const string UnexpectedData = "UnexpectedData";

        /// <summary>The extension is not a PowerShell script type that can carry a signature block.</summary>
        public const string NotScript = "NotScript";
    }
}
