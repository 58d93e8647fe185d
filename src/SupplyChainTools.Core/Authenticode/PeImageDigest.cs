using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The Authenticode image digest of a PE file, as signed by SpcIndirectDataContent and as listed
    /// for PE members of a catalog: the whole file except the CheckSum field, the certificate-table
    /// directory entry and the certificate table; an unsigned file is zero-padded to a multiple of 8.
    /// </summary>
    public static class PeImageDigest
    {
        /// <summary>
        /// Computes the digest of a seekable PE stream. Returns false (and a null digest) when the
        /// content is not a PE image or its certificate table does not fit the file.
        /// </summary>
        public static bool TryCompute(Stream content, HashAlgorithmName algorithm, CancellationToken cancellationToken, out byte[]? digest)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (!content.CanSeek || !content.CanRead)
            {
                throw new ArgumentException("The content stream must be readable and seekable.", nameof(content));
            }

            digest = null;
            PeImage? image = PeImage.TryParse(content, out _);
            if (image == null)
            {
                return false;
            }

            if (image.HasCertificateTable && (image.CertificateTableOffset < image.HeadersEnd || image.CertificateTableOffset + image.CertificateTableSize > image.FileLength))
            {
                return false;
            }

            digest = image.ComputeImageDigest(content, algorithm, cancellationToken);
            return true;
        }
    }
}
