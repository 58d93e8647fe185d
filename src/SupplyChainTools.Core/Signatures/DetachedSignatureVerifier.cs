using System;
using System.IO;
using System.Threading;
using Org.BouncyCastle.Bcpg.OpenPgp;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>
    /// The detached-signature use case (Test-DetachedSignature, Test-FileIntegrity -SignatureFile): recognises the
    /// signature's format by its bytes (OpenPGP binary or armored, clear-signed, minisign, CMS DER or PEM, cosign) and
    /// verifies it over the file against the pinned <see cref="TrustedKeySet"/>. A malformed signature is a Malformed
    /// verdict naming the file; a file that cannot be opened (missing, too large, not a regular file) is thrown.
    /// </summary>
    public static class DetachedSignatureVerifier
    {
        /// <summary>The extensions a signature is looked for beside its file, in this order.</summary>
        public static readonly string[] SignatureExtensions = { ".asc", ".sig", ".gpg", ".sign", ".minisig", ".p7s", ".cosign", ".sigstore" };

        /// <summary>The first existing "file.ext" for <see cref="SignatureExtensions"/>, or null.</summary>
        public static string? FindSignatureFile(string artifactPath)
        {
            foreach (string extension in SignatureExtensions)
            {
                string candidate = artifactPath + extension;
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>Verifies the detached <paramref name="signaturePath"/> over <paramref name="artifactPath"/>. <paramref name="now"/> (default: the clock) judges key expiry.</summary>
        public static DetachedSignatureCheck Verify(string artifactPath, string signaturePath, TrustedKeySet keys, DateTime? now = null, CancellationToken cancellationToken = default)
        {
            string artifact = Path.GetFullPath(artifactPath);
            string signatureFile = Path.GetFullPath(signaturePath);
            byte[] bytes = InputFileOpener.ReadAllBytes(signatureFile, InputKind.DetachedSignature, cancellationToken);
            InputFileOpener.EnsureRegularFile(artifact, InputKind.SignedArtifact);
            var verdict = new SignatureVerdict(DetachedSignatureFormat.Unknown);
            DateTime clock = now ?? DateTime.UtcNow;
            try
            {
                if (bytes.Length == 0)
                {
                    throw new SignatureFormatException($"The signature file '{signatureFile}' is empty.");
                }

                if (Minisign.LooksLikeMinisig(bytes))
                {
                    verdict.Format = DetachedSignatureFormat.Minisign;
                    Minisign.Verify(verdict, artifact, bytes, signatureFile, keys, cancellationToken);
                }
                else if (OpenPgpSignatureFile.IsClearSigned(bytes))
                {
                    throw new SignatureFormatException($"'{signatureFile}' is a clear-signed message, which carries its own text: check it alone (Test-DetachedSignature -Path '{signatureFile}') or give it as -ChecksumFile.");
                }
                else if (OpenPgpSignatureFile.LooksLikeOpenPgp(bytes))
                {
                    verdict.Format = DetachedSignatureFormat.OpenPgp;
                    var signatures = OpenPgpSignatureFile.ReadDetached(signatureFile, bytes);
                    OpenPgpVerifier.Verify(verdict, signatures, update => ArtifactReader.Feed(artifact, null, update, cancellationToken), keys, clock);
                }
                else if (CosignVerifier.LooksLikeCosign(bytes, out byte[] cosign))
                {
                    verdict.Format = DetachedSignatureFormat.Cosign;
                    CosignVerifier.Verify(verdict, artifact, cosign, keys, cancellationToken);
                }
                else if (CmsDetachedVerifier.LooksLikeCms(bytes, out byte[] der))
                {
                    verdict.Format = DetachedSignatureFormat.Cms;
                    CmsDetachedVerifier.Verify(verdict, artifact, der, signatureFile, keys, clock, cancellationToken);
                }
                else
                {
                    verdict.Add(DetachedSignatureStatus.NotSupportedFileFormat, $"'{signatureFile}' is not a signature this module reads (OpenPGP, minisign, CMS or cosign).");
                }
            }
            catch (SignatureFormatException ex)
            {
                verdict.Add(DetachedSignatureStatus.Malformed, ex.Message);
            }

            return verdict.ToCheck(artifact, signatureFile);
        }

        /// <summary>
        /// Verifies a clear-signed OpenPGP file (a signed SHA256SUMS, an InRelease). <paramref name="signedText"/> is the
        /// text the signature covers (dash-escapes undone, LF line ends), given only when the verdict is Valid: use it, never the file's raw bytes.
        /// </summary>
        public static DetachedSignatureCheck VerifyClearSigned(string path, TrustedKeySet keys, InputKind kind, out byte[]? signedText, DateTime? now = null, CancellationToken cancellationToken = default)
        {
            string full = Path.GetFullPath(path);
            byte[] bytes = InputFileOpener.ReadAllBytes(full, kind, cancellationToken);
            var verdict = new SignatureVerdict(DetachedSignatureFormat.OpenPgpClearSigned);
            signedText = null;
            try
            {
                var signatures = OpenPgpSignatureFile.ReadClearSigned(full, bytes, out byte[] text, out byte[] canonical);
                OpenPgpVerifier.Verify(verdict, signatures, update => update(canonical, canonical.Length), keys, now ?? DateTime.UtcNow);
                signedText = verdict.HasProblems ? null : text;
            }
            catch (SignatureFormatException ex)
            {
                verdict.Add(DetachedSignatureStatus.Malformed, ex.Message);
            }

            return verdict.ToCheck(full, full);
        }

        /// <summary>True when the file starts as a clear-signed OpenPGP message.</summary>
        public static bool IsClearSigned(string path, CancellationToken cancellationToken = default)
        {
            using (Stream stream = InputFileOpener.Open(path, InputKind.SignedArtifact, cancellationToken))
            {
                byte[] head = new byte[64];
                int read = stream.Read(head, 0, head.Length);
                return OpenPgpSignatureFile.IsClearSigned(read == head.Length ? head : head.AsSpan(0, read).ToArray());
            }
        }
    }
}
