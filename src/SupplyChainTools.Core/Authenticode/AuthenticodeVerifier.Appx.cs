using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Appx;
using SupplyChainTools.Core.Archives;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The APPX/MSIX engine behind <see cref="AuthenticodeVerifier.Verify(string, Stream, CancellationToken)"/>.</summary>
    public sealed partial class AuthenticodeVerifier
    {
        /// <summary>FileType of APPX/MSIX packages and bundles (.appx .msix .appxbundle .msixbundle), recognised by their content.</summary>
        public const string AppxFileType = "APPX";

        private const string ZipFileType = "ZIP";

        /// <summary>A zip archive: an APPX/MSIX package when it holds a block map or a package signature; otherwise not supported.</summary>
        private AuthenticodeSignature VerifyZip(string path, Stream content, string unsupportedMessage, CancellationToken cancellationToken)
        {
            ZipArchiveLayout layout;
            try
            {
                layout = ZipArchiveReader.Read(content, cancellationToken);
            }
            catch (ZipFormatException)
            {
                return CreateResultWithoutSignature(path, ZipFileType, AuthenticodeStatus.NotSupportedFileFormat, unsupportedMessage);
            }

            return AppxPackage.IsAppx(layout)
                ? VerifyAppx(path, content, layout, cancellationToken)
                : CreateResultWithoutSignature(path, ZipFileType, AuthenticodeStatus.NotSupportedFileFormat, unsupportedMessage);
        }

        private AuthenticodeSignature VerifyAppx(string path, Stream content, ZipArchiveLayout layout, CancellationToken cancellationToken)
        {
            AppxPackage package;
            byte[] pkcs7;
            try
            {
                package = AppxPackage.Read(content, layout, cancellationToken);
                if (package.Signature == null)
                {
                    return CreateResultWithoutSignature(path, AppxFileType, AuthenticodeStatus.NotSigned, "The APPX/MSIX package has no " + AppxPackage.SignatureFileName + ".");
                }

                pkcs7 = package.ReadPkcs7(content, cancellationToken);
            }
            catch (ZipFormatException exception)
            {
                return CreateResultWithoutSignature(path, AppxFileType, AuthenticodeStatus.Malformed, "The APPX/MSIX package cannot be read: " + exception.Message);
            }

            var problems = package.FindUncoveredData().Select(message => new SignatureProblem(AuthenticodeStatus.UnexpectedData, message)).ToList();
            string? publisher = null;
            try
            {
                problems.AddRange(AppxBlockMap.Verify(package, content, cancellationToken).Select(message => new SignatureProblem(AuthenticodeStatus.HashMismatch, message)));
                publisher = AppxManifestIdentity.ReadPublisher(package, content, cancellationToken);
            }
            catch (ZipFormatException exception)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, exception.Message));
            }

            var digests = new Dictionary<HashAlgorithmName, byte[]>();
            Func<HashAlgorithmName, byte[]> computeDigest = algorithm =>
            {
                if (!digests.TryGetValue(algorithm, out byte[]? digest))
                {
                    digest = package.ComputeDigestBlob(content, algorithm, cancellationToken);
                    digests[algorithm] = digest;
                }

                return digest;
            };
            var context = new VerificationContext(path, AppxFileType, computeDigest, null, cancellationToken);
            AuthenticodeSignature result = VerifySignature(context, pkcs7, problems, null, depth: 0);
            ExplainAppxDigestMismatch(problems, pkcs7, computeDigest);
            CheckPublisher(result, publisher, problems);
            return Finish(result, problems);
        }

        private static void CheckPublisher(AuthenticodeSignature result, string? publisher, List<SignatureProblem> problems)
        {
            if (result.SignerCertificate == null)
            {
                return;
            }

            if (publisher == null)
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.Malformed, "The package manifest has no Identity Publisher to compare with the signer."));
            }
            else if (!AppxManifestIdentity.Matches(publisher, result.SignerCertificate))
            {
                problems.Add(new SignatureProblem(AuthenticodeStatus.PublisherNotAllowed, "The manifest's Identity Publisher '" + publisher + "' is not the signer's subject '" + result.SignerSubject + "'; Windows refuses to install such a package."));
            }
        }

        /// <summary>Replaces the primary "digest does not match" problem with the parts of the package that differ.</summary>
        private static void ExplainAppxDigestMismatch(List<SignatureProblem> problems, byte[] pkcs7, Func<HashAlgorithmName, byte[]> computeDigest)
        {
            int index = problems.FindIndex(problem => problem.Status == AuthenticodeStatus.HashMismatch && problem.Message.StartsWith("The file's ", StringComparison.Ordinal));
            if (index < 0)
            {
                return;
            }

            SpcIndirectData indirectData;
            try
            {
                indirectData = SpcIndirectData.Decode(CmsSignedData.UnwrapOctetString(CmsSignedData.Decode(pkcs7).Content));
            }
            catch (Exception exception) when (exception is System.Formats.Asn1.AsnContentException || exception is FormatException || exception is CryptographicException)
            {
                return;
            }

            if (!DigestAlgorithms.TryFromOid(indirectData.DigestAlgorithmOid, out HashAlgorithmName algorithm))
            {
                return;
            }

            string parts = AppxPackage.DescribeDifference(indirectData.Digest, computeDigest(algorithm), DigestAlgorithms.DigestLength(algorithm));
            problems[index] = new SignatureProblem(AuthenticodeStatus.HashMismatch, "The package's " + algorithm.Name + " digest does not match the signed digest in: " + parts + ".");
        }
    }
}
