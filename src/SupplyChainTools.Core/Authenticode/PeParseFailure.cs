namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Why a stream is not a usable PE image, and the format it looks like when it is another one.</summary>
    internal sealed class PeParseFailure
    {
        private PeParseFailure(string status, string message)
        {
            Status = status;
            Message = message;
        }

        public string Status { get; }

        public string Message { get; }

        public string? DetectedFormat { get; private set; }

        public static PeParseFailure Malformed(string message) => new PeParseFailure(AuthenticodeStatus.Malformed, message);

        public static PeParseFailure NotPe(string detectedFormat) =>
            new PeParseFailure(AuthenticodeStatus.NotSupportedFileFormat, "The file is not a PE image; it looks like " + detectedFormat + ".") { DetectedFormat = detectedFormat };
    }
}
