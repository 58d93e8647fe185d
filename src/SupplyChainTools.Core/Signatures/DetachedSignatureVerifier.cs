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

        /// <summary>
        /// The Test-DetachedSignature entry: a clear-signed file is checked alone; otherwise the signature is
        /// <paramref name="signaturePath"/> or the first found beside the file (<see cref="SignatureExtensions"/>).
        /// </summary>
        public static DetachedSignatureCheck VerifyFile(string path, string? signaturePath, TrustedKeySet keys, CancellationToken cancellationToken = default)
        {
            string full = Path.GetFullPath(path);
            if (signaturePath == null && IsClearSigned(full, cancellationToken))
            {
                return VerifyClearSigned(full, keys, InputKind.SignedChecksumManifest, out _, null, cancellationToken);
            }

            string signature = signaturePath ?? FindSignatureFile(full)
                ?? throw new FileNotFoundException($"No signature was found beside '{full}' ({string.Join(", ", SignatureExtensions)}); name it with -SignatureFile.", full + ".asc");
            return Verify(full, signature, keys, null, cancellationToken);
        }

        /// <summary>Verifies the detached <paramref name="signaturePath"/> over <paramref name="artifactPath"/>. <paramref name="now"/> (default: the clock) judges key expiry.</summary>
        public static DetachedSignatureCheck Verify(string artifactPath, string signaturePath, TrustedKeySet keys, DateTime? now = null, CancellationToken cancellationToken = default)
        {
            string artifact = Path.GetFullPath(artifactPath);
            InputFileOpener.EnsureRegularFile(artifact, InputKind.SignedArtifact);
            return Verify(SignedContent.FromFile(artifact, cancellationToken), signaturePath, keys, now, cancellationToken);
        }

        /// <summary>Verifies the detached <paramref name="signaturePath"/> over bytes already read from <paramref name="path"/> (a checksum file).</summary>
        public static DetachedSignatureCheck Verify(string path, byte[] content, string signaturePath, TrustedKeySet keys, DateTime? now = null, CancellationToken cancellationToken = default)
            => Verify(SignedContent.FromBytes(Path.GetFullPath(path), content), signaturePath, keys, now, cancellationToken);

        private static DetachedSignatureCheck Verify(SignedContent content, string signaturePath, TrustedKeySet keys, DateTime? now, CancellationToken cancellationToken)
        {
            string artifact = content.Path;
            string signatureFile = Path.GetFullPath(signaturePath);
            byte[] bytes = InputFileOpener.ReadAllBytes(signatureFile, InputKind.DetachedSignature, cancellationToken);
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
                    Minisign.Verify(verdict, content, bytes, signatureFile, keys);
                }
                else if (OpenPgpSignatureFile.IsClearSigned(bytes))
                {
                    throw new SignatureFormatException($"'{signatureFile}' is a clear-signed message, which carries its own text: check it alone (Test-DetachedSignature -Path '{signatureFile}') or give it as -ChecksumFile.");
                }
                else if (OpenPgpSignatureFile.LooksLikeOpenPgp(bytes))
                {
                    verdict.Format = DetachedSignatureFormat.OpenPgp;
                    var signatures = OpenPgpSignatureFile.ReadDetached(signatureFile, bytes);
                    OpenPgpVerifier.Verify(verdict, signatures, update => content.Feed(null, update), keys, clock);
                }
                else if (CosignVerifier.LooksLikeCosign(bytes, out byte[] cosign))
                {
                    verdict.Format = DetachedSignatureFormat.Cosign;
                    CosignVerifier.Verify(verdict, content, cosign, keys);
                }
                else if (CmsDetachedVerifier.LooksLikeCms(signatureFile, bytes, out byte[] der))
                {
                    verdict.Format = DetachedSignatureFormat.Cms;
                    CmsDetachedVerifier.Verify(verdict, content, der, signatureFile, keys, clock);
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
