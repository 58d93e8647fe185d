using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Signatures
{
    /// <summary>A checksum file's signature verdict and, only when it is valid, the entries it lists.</summary>
    public sealed class SignedManifest
    {
        internal SignedManifest(DetachedSignatureCheck signature, IEnumerable<ChecksumManifestItem> items)
        {
            Signature = signature;
            Items = items;
        }

        public DetachedSignatureCheck Signature { get; }

        /// <summary>The manifest's steps (see <see cref="ChecksumManifestCheck"/>), each carrying the signer; none when the signature is not valid.</summary>
        public IEnumerable<ChecksumManifestItem> Items { get; }
    }

    /// <summary>
    /// The signed-checksum-file use case (Test-FileIntegrity -ChecksumFile with -TrustedKey): the manifest's signature is
    /// checked first (a detached one, given or found beside it, or the manifest's own clear signature) over the very
    /// bytes that are then parsed; if it is not valid, no entry is trusted.
    /// </summary>
    public static class SignedManifestCheck
    {
        public static SignedManifest Read(string manifestPath, string? signaturePath, TrustedKeySet keys, string? baseDirectory, string? algorithm, CancellationToken cancellationToken = default)
        {
            string manifest = Path.GetFullPath(manifestPath);
            DetachedSignatureCheck check;
            byte[]? content;
            if (signaturePath == null && DetachedSignatureVerifier.IsClearSigned(manifest, cancellationToken))
            {
                check = DetachedSignatureVerifier.VerifyClearSigned(manifest, keys, InputKind.SignedChecksumManifest, out content, null, cancellationToken);
            }
            else
            {
                string signature = signaturePath ?? DetachedSignatureVerifier.FindSignatureFile(manifest)
                    ?? throw new FileNotFoundException($"No signature was found beside the checksum file '{manifest}' ({string.Join(", ", DetachedSignatureVerifier.SignatureExtensions)}); name it with -SignatureFile.", manifest + ".asc");
                content = InputFileOpener.ReadAllBytes(manifest, InputKind.SignedChecksumManifest, cancellationToken);
                check = DetachedSignatureVerifier.Verify(manifest, content, signature, keys, null, cancellationToken);
            }

            IEnumerable<ChecksumManifestItem> items = check.IsValid && content != null
                ? ChecksumManifestCheck.Read(manifest, content, check.SignerFingerprint, baseDirectory, algorithm, cancellationToken)
                : Enumerable.Empty<ChecksumManifestItem>();
            return new SignedManifest(check, items);
        }
    }
}
