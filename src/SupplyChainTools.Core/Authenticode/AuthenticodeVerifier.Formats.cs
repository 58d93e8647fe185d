using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Pkcs;
using SupplyChainTools.Core.Scripts;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The format engines behind <see cref="AuthenticodeVerifier.Verify(string, Stream, CancellationToken)"/> other than PE.</summary>
    public sealed partial class AuthenticodeVerifier
    {
        /// <summary>FileType of PE images (.exe .dll .sys ...).</summary>
        public const string PeFileType = "PE";

        /// <summary>FileType of PowerShell scripts (.ps1 .psm1 .psd1 .ps1xml .psc1 .cdxml .mof).</summary>
        public const string PowerShellScriptFileType = "PowerShellScript";

        /// <summary>FileType of security catalogs (.cat).</summary>
        public const string CatalogFileType = "Catalog";

        private const int StreamCopyBufferSize = 81920;

        internal static bool IsCatalogPath(string path) =>
            string.Equals(Path.GetExtension(path), ".cat", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Reads a whole seekable stream from its start, refusing content over <paramref name="maximumLength"/>
        /// without reading it (returns null).
        /// </summary>
        internal static byte[]? ReadBounded(Stream content, long maximumLength, CancellationToken cancellationToken)
        {
            long length = content.Length;
            if (length > maximumLength)
            {
                return null;
            }

            var bytes = new byte[length];
            content.Position = 0;
            int offset = 0;
            while (offset < bytes.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = content.Read(bytes, offset, Math.Min(StreamCopyBufferSize, bytes.Length - offset));
                if (read <= 0)
                {
                    throw new EndOfStreamException("The content ended after " + offset + " of its " + length + " bytes.");
                }

                offset += read;
            }

            return bytes;
        }

        private static string DescribeUnsupportedFormat(string detectedFormat) =>
            "The file is " + detectedFormat + ", whose embedded Authenticode signatures are not supported (only PE files, MSI packages, cabinets, APPX/MSIX packages, PowerShell scripts and catalogs are).";

        private AuthenticodeSignature VerifyScript(string path, Stream content, CancellationToken cancellationToken)
        {
            byte[]? bytes = ReadBounded(content, ScriptSignatureParser.MaximumFileSize, cancellationToken);
            if (bytes == null)
            {
                return CreateResultWithoutSignature(
                    path,
                    PowerShellScriptFileType,
                    AuthenticodeStatus.Malformed,
                    "The script is " + content.Length + " bytes, larger than the " + ScriptSignatureParser.MaximumFileSize + "-byte limit for scripts.");
            }

            ScriptSignatureParseResult parsed = ScriptSignatureParser.Parse(path, bytes);
            byte[]? pkcs7 = parsed.Pkcs7;
            if (parsed.FormatStatus == AuthenticodeStatus.NotSigned)
            {
                string message = parsed.Problems.Count > 0
                    ? "The script has no signature block (" + parsed.Problems[0].TrimEnd('.') + ")."
                    : "The script has no signature block.";
                return CreateResultWithoutSignature(path, PowerShellScriptFileType, AuthenticodeStatus.NotSigned, message);
            }

            if (pkcs7 == null)
            {
                string message = parsed.Problems.Count > 0 ? parsed.Problems[parsed.Problems.Count - 1] : "The signature block cannot be read.";
                return CreateResultWithoutSignature(path, PowerShellScriptFileType, AuthenticodeStatus.Malformed, message);
            }

            AuthenticodeSignature result = VerifyDetachedContent(path, PowerShellScriptFileType, pkcs7, parsed.ComputeDigest, parsed.Problems, parsed.FormatStatus, cancellationToken);
            if (result.Status == AuthenticodeStatus.HashMismatch)
            {
                ExplainScriptDigestMismatch(result, parsed, pkcs7);
            }

            return result;
        }

        /// <summary>Replaces the bare "digest does not match" message with the likely cause (line endings, encoding, an edit).</summary>
        private static void ExplainScriptDigestMismatch(AuthenticodeSignature result, ScriptSignatureParseResult parsed, byte[] pkcs7)
        {
            if (!CmsSignedData.TryReadEncapsulatedContent(pkcs7, out string contentType, out byte[] encapsulated, out _, out _)
                || contentType != PkcsOids.SpcIndirectDataContent
                || !SpcIndirectData.TryDecode(encapsulated, out SpcIndirectData? indirectData)
                || indirectData == null
                || !DigestAlgorithms.TryFromOid(indirectData.DigestAlgorithmOid, out HashAlgorithmName algorithm))
            {
                return;
            }

            byte[] signedDigest = indirectData.Digest;
            if (DigestAlgorithms.FixedTimeEquals(parsed.ComputeDigest(algorithm), signedDigest))
            {
                // The primary signature's digest matches; the mismatch is in a nested signature, whose problem already says so.
                return;
            }

            string explanation = parsed.ExplainDigestMismatch(algorithm, signedDigest);
            result.StatusMessage = explanation;
            var problems = new string[result.Problems.Length + 1];
            problems[0] = explanation;
            Array.Copy(result.Problems, 0, problems, 1, result.Problems.Length);
            result.Problems = problems;
        }

        private AuthenticodeSignature VerifyCatalog(string path, Stream content, CancellationToken cancellationToken)
        {
            byte[]? bytes = ReadBounded(content, CatalogFile.MaximumFileSize, cancellationToken);
            if (bytes == null)
            {
                return CreateResultWithoutSignature(
                    path,
                    CatalogFileType,
                    AuthenticodeStatus.Malformed,
                    "The catalog is " + content.Length + " bytes, larger than the " + CatalogFile.MaximumFileSize + "-byte limit.");
            }

            return VerifyCatalog(path, CatalogFile.TryParse(bytes), cancellationToken);
        }

        /// <summary>The verdict on a parsed catalog's own signature (its math, chain and timestamps; not its members).</summary>
        internal AuthenticodeSignature VerifyCatalog(string path, CatalogParseResult parsed, CancellationToken cancellationToken)
        {
            CatalogFile? catalog = parsed.Catalog;
            if (catalog == null)
            {
                string reason = parsed.Problems.Count > 0 ? parsed.Problems[parsed.Problems.Count - 1] : "it is not a certificate trust list";
                return CreateResultWithoutSignature(path, CatalogFileType, AuthenticodeStatus.Malformed, "The file cannot be read as a catalog: " + reason.TrimEnd('.') + ".");
            }

            if (catalog.SignerCount == 0)
            {
                return CreateResultWithoutSignature(path, CatalogFileType, AuthenticodeStatus.NotSigned, "The catalog lists " + catalog.Members.Count + " members but is not signed.");
            }

            return VerifyDetachedContent(
                path,
                CatalogFileType,
                catalog.GetPkcs7(),
                algorithm => throw new InvalidOperationException("A catalog's signature covers its trust list, not a content digest."),
                parsed.Problems,
                parsed.FormatStatus,
                cancellationToken);
        }
    }
}
