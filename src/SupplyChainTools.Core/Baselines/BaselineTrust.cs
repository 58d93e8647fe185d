using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Trust;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>What checking a baseline established: its header, digest, size and who signed it.</summary>
    public sealed class BaselineVerification
    {
        internal BaselineVerification(string path, BaselineHeader header, string digest, long entryCount, string? signerThumbprint, string? signerSubject)
        {
            Path = path;
            Header = header;
            Digest = digest;
            EntryCount = entryCount;
            SignerThumbprint = signerThumbprint;
            SignerSubject = signerSubject;
        }

        public string Path { get; }
        public BaselineHeader Header { get; }
        /// <summary>SHA-256 of the whole file, uppercase hex: the baseline's digest that every result names.</summary>
        public string Digest { get; }
        public long EntryCount { get; }
        public bool IsSigned => SignerThumbprint != null;
        /// <summary>SHA-1 thumbprint of the signing certificate, when the baseline carries a valid detached signature.</summary>
        public string? SignerThumbprint { get; }
        public string? SignerSubject { get; }
    }

    /// <summary>
    /// Integrity and authenticity of baseline files. A baseline's signature is a detached CMS (PKCS#7) file
    /// beside it, <c>&lt;baseline&gt;.p7s</c>, whose signed content is the short statement
    /// "SupplyChainTools baseline\nsha256: &lt;SHA-256 of the whole file&gt;\n": signing the digest rather than the
    /// bytes keeps verification streaming (SignedCms needs its content in memory) and is as strong as SHA-256.
    /// </summary>
    public static class BaselineTrust
    {
        public const string SignatureExtension = ".p7s";

        public static string SignaturePathOf(string baselinePath) => baselinePath + SignatureExtension;

        public static byte[] Statement(string digest) => Encoding.ASCII.GetBytes("SupplyChainTools baseline\nsha256: " + digest.ToUpperInvariant() + "\n");

        /// <summary>Signs the baseline whose digest is <paramref name="digest"/>, writing <c>&lt;path&gt;.p7s</c>.</summary>
        public static void Sign(string baselinePath, string digest, X509Certificate2 certificate)
        {
            if (certificate == null)
            {
                throw new ArgumentNullException(nameof(certificate));
            }

            if (!certificate.HasPrivateKey)
            {
                throw new ArgumentException($"The certificate {certificate.Subject} ({certificate.Thumbprint}) has no private key, so it cannot sign.", nameof(certificate));
            }

            var cms = new SignedCms(new ContentInfo(Statement(digest)), detached: true);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
            {
                IncludeOption = X509IncludeOption.EndCertOnly,
                DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            };
            signer.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
            cms.ComputeSignature(signer, silent: true);
            byte[] encoded = cms.Encode();
            string target = SignaturePathOf(baselinePath);
            FileStream stream = TemporaryFiles.Create(target, out string temporary);
            try
            {
                using (stream)
                {
                    stream.Write(encoded, 0, encoded.Length);
                }
            }
            catch
            {
                TemporaryFiles.Discard(temporary);
                throw;
            }

            TemporaryFiles.MoveIntoPlace(temporary, target);
        }

        /// <summary>
        /// Reads the whole baseline (checking order, entries, trailer and digest) and its signature. With
        /// <paramref name="trustedSigners"/> (SHA-1 or SHA-256 certificate thumbprints) the baseline must be signed by one
        /// of them. A signature file that is present is always checked, trusted signers or not.
        /// </summary>
        public static BaselineVerification Verify(string baselinePath, IReadOnlyCollection<string>? trustedSigners, CancellationToken cancellationToken = default)
        {
            string path = Path.GetFullPath(baselinePath);
            BaselineHeader header;
            string digest;
            long count;
            using (BaselineReader reader = BaselineReader.Open(path, cancellationToken))
            {
                foreach (BaselineEntry _ in reader.ReadEntries(cancellationToken))
                {
                }

                header = reader.Header;
                digest = reader.Digest!;
                count = reader.EntryCount;
            }

            string signaturePath = SignaturePathOf(path);
            bool expectSigner = trustedSigners != null && trustedSigners.Count > 0;
            if (!File.Exists(signaturePath))
            {
                if (expectSigner)
                {
                    throw new BaselineFormatException(BaselineProblem.Unsigned, $"The baseline '{path}' is refused: it is not signed (no '{Path.GetFileName(signaturePath)}' beside it) and a trusted signer was required.");
                }

                return new BaselineVerification(path, header, digest, count, null, null);
            }

            X509Certificate2 signer = CheckSignature(path, signaturePath, digest, cancellationToken);
            string sha1 = signer.Thumbprint.ToUpperInvariant();
            string sha256 = Thumbprint.Sha256Of(signer);
            if (expectSigner && !trustedSigners!.Any(t => string.Equals(Thumbprint.Normalize(t), sha1, StringComparison.Ordinal) || string.Equals(Thumbprint.Normalize(t), sha256, StringComparison.Ordinal)))
            {
                throw new BaselineFormatException(
                    BaselineProblem.SignerMismatch,
                    $"The baseline '{path}' is refused: it is signed by {signer.Subject} ({sha1}), not by the trusted signer {string.Join(", ", trustedSigners!)}; it was re-signed by another key.");
            }

            return new BaselineVerification(path, header, digest, count, sha1, signer.Subject);
        }

        /// <summary><see cref="Verify"/> for a baseline a run is about to use: a file that cannot be opened is a <see cref="BaselineUnavailableException"/>.</summary>
        internal static BaselineVerification VerifyForUse(string baselinePath, IReadOnlyCollection<string> trustedSigners, CancellationToken cancellationToken)
        {
            try
            {
                return Verify(baselinePath, trustedSigners, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new BaselineUnavailableException(baselinePath, ex);
            }
        }

        /// <summary>Trusted signers as given (certificates, or SHA-1 or SHA-256 thumbprints in hex), as normalised thumbprints.</summary>
        public static List<string> ParseTrustedSigners(IEnumerable<object?> signers)
        {
            var thumbprints = new List<string>();
            foreach (object? value in signers)
            {
                if (value is X509Certificate2 certificate)
                {
                    thumbprints.Add(certificate.Thumbprint.ToUpperInvariant());
                    continue;
                }

                string normalized = Thumbprint.Normalize(value?.ToString() ?? string.Empty);
                if (!Thumbprint.IsWellFormed(normalized))
                {
                    throw new BaselineRunException(
                        new ArgumentException($"-TrustedSigner '{value}' is neither a certificate nor a thumbprint (40 hex digits for SHA-1, 64 for SHA-256)."),
                        ErrorIds.InvalidTrustedSigner,
                        BaselineErrorKind.InvalidArgument,
                        value);
                }

                thumbprints.Add(normalized);
            }

            return thumbprints;
        }

        private static X509Certificate2 CheckSignature(string path, string signaturePath, string digest, CancellationToken cancellationToken)
        {
            byte[] encoded;
            try
            {
                encoded = FileSystem.InputFileOpener.ReadAllBytes(signaturePath, FileSystem.InputKind.BaselineSignature, cancellationToken);
            }
            catch (Exception ex) when (ex is FileSystem.InputFileTooLargeException || ex is Hashing.NotARegularFileException)
            {
                throw new BaselineFormatException(BaselineProblem.SignatureInvalid, $"The baseline '{path}' is refused: {ex.Message}", ex);
            }

            if (encoded.Length == 0)
            {
                throw new BaselineFormatException(BaselineProblem.SignatureInvalid, $"The baseline '{path}' is refused: its signature file is empty.");
            }

            var cms = new SignedCms(new ContentInfo(Statement(digest)), detached: true);
            try
            {
                cms.Decode(encoded);
            }
            catch (CryptographicException ex)
            {
                throw new BaselineFormatException(BaselineProblem.SignatureInvalid, $"The baseline '{path}' is refused: its signature file is not a CMS signature ({ex.Message}).", ex);
            }

            if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate == null)
            {
                throw new BaselineFormatException(BaselineProblem.SignatureInvalid, $"The baseline '{path}' is refused: its signature must have exactly one signer whose certificate is included.");
            }

            try
            {
                cms.CheckSignature(verifySignatureOnly: true);
            }
            catch (CryptographicException ex)
            {
                throw new BaselineFormatException(BaselineProblem.SignatureInvalid, $"The baseline '{path}' is refused: its signature does not match its content, so it was modified after it was signed ({ex.Message}).", ex);
            }

            return cms.SignerInfos[0].Certificate!;
        }
    }
}
