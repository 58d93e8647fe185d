using System;

namespace SupplyChainTools.Core.Archives
{
    /// <summary>The bytes are not a zip archive this reader accepts; the message says what is wrong and where.</summary>
    public sealed class ZipFormatException : FormatException
    {
        public ZipFormatException(string message)
            : base(message)
        {
        }
    }
}
