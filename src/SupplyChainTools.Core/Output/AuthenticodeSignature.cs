using System;
using System.Security.Cryptography.X509Certificates;

namespace SupplyChainTools
{
    /// <summary>
    /// The verdict on one file's Authenticode signature (output of Test-AuthenticodeChain).
    /// Flat, string-typed values so that it survives PowerShell remoting unchanged.
    /// </summary>
    public sealed class AuthenticodeSignature
    {
        internal AuthenticodeSignature(string path, string fileType)
        {
            Path = path;
            FileType = fileType;
        }

        public string Path { get; }
        public string Status { get; internal set; } = Core.Authenticode.AuthenticodeStatus.Malformed;
        public string StatusMessage { get; internal set; } = string.Empty;
        public bool IsValid => Status == Core.Authenticode.AuthenticodeStatus.Valid;
        public string FileType { get; internal set; }
        public string SignatureType { get; internal set; } = "None";
        public string? DigestAlgorithm { get; internal set; }
        public string? SignerSubject { get; internal set; }
        public string? SignerThumbprint { get; internal set; }
        public DateTime? SignerNotAfter { get; internal set; }
        public string? IssuerSubject { get; internal set; }
        public string? RootSubject { get; internal set; }
        public string? RootThumbprint { get; internal set; }
        public string[] Chain { get; internal set; } = Array.Empty<string>();
        public DateTime? TimestampUtc { get; internal set; }
        public string TimestampType { get; internal set; } = "None";
        public string? TimestampSigner { get; internal set; }
        public AuthenticodeSignature[] NestedSignatures { get; internal set; } = Array.Empty<AuthenticodeSignature>();
        public string[] Problems { get; internal set; } = Array.Empty<string>();
        internal X509Certificate2? SignerCertificate { get; set; }

        /// <summary>
        /// The signer's certificate, for export or closer inspection. A method rather than a property so that the
        /// output stays flat: JSON logs and remoting carry SignerSubject and SignerThumbprint instead.
        /// </summary>
        public X509Certificate2? GetSignerCertificate() => SignerCertificate;

        public override string ToString() => Path + ": " + Status;
    }
}
