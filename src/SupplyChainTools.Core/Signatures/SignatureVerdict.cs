using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>What a format's verifier found, collected while it checks; turned into one <see cref="DetachedSignatureCheck"/>.</summary>
    internal sealed class SignatureVerdict
    {
        private readonly List<(string Status, string Message)> _problems = new List<(string, string)>();

        public SignatureVerdict(string format)
        {
            Format = format;
        }

        public string Format { get; set; }
        public string? SignerFingerprint { get; set; }
        public string? SignerKeyId { get; set; }
        public string? SignerUserId { get; set; }
        public DateTime? SignedUtc { get; set; }
        public string? HashAlgorithm { get; set; }
        public string? TrustedComment { get; set; }

        /// <summary>What to say when nothing is wrong ("Signed by ...").</summary>
        public string? ValidMessage { get; set; }

        public bool HasProblems => _problems.Count > 0;

        public void Add(string status, string message) => _problems.Add((status, message));

        public DetachedSignatureCheck ToCheck(string path, string signatureFile)
        {
            var ordered = _problems.OrderBy(p => DetachedSignatureStatus.Severity(p.Status)).ToList();
            string status = ordered.Count == 0 ? DetachedSignatureStatus.Valid : ordered[0].Status;
            string message = ordered.Count == 0 ? ValidMessage ?? "The signature is valid and made by a trusted key." : ordered[0].Message;
            return new DetachedSignatureCheck(path, signatureFile, Format, status, message, SignerFingerprint, SignerKeyId, SignerUserId, SignedUtc, HashAlgorithm, TrustedComment, ordered.Select(p => p.Message).ToArray());
        }
    }

    /// <summary>A signature or key file that cannot be read as what it claims to be; its message names the file.</summary>
    public sealed class SignatureFormatException : Exception
    {
        public SignatureFormatException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
