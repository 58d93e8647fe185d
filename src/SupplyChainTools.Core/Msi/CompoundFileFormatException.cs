using System;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>The bytes are not a well-formed compound file ([MS-CFB]); the message says what is wrong.</summary>
    [Serializable]
    public sealed class CompoundFileFormatException : FormatException
    {
        public CompoundFileFormatException(string message)
            : base(message)
        {
        }
    }
}
