using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>
    /// The Authenticode image digest of a PE file, as signed by SpcIndirectDataContent and as listed
    /// for PE members of a catalog: the whole file except the CheckSum field, the certificate-table
    /// directory entry and the certificate table; an unsigned file is zero-padded to a multiple of 8.
    /// Only a well-formed certificate table at the end of the file, outside every section's raw data,
    /// is left out: whatever else the directory entry points at is hashed like the rest of the file.
    /// </summary>
    public static class PeImageDigest
    {
        /// <summary>
        /// Computes the digest of a seekable PE stream. Returns false (and a null digest) when the
        /// content is not a PE image.
        /// </summary>
        public static bool TryCompute(Stream content, HashAlgorithmName algorithm, CancellationToken cancellationToken, out byte[]? digest) =>
            TryCompute(content, algorithm, cancellationToken, out digest, out _, out _);

        /// <summary>
        /// As <see cref="TryCompute(Stream, HashAlgorithmName, CancellationToken, out byte[])"/>; <paramref name="notPeReason"/>
        /// says why the content is not a PE image, <paramref name="certificateTableProblem"/> why the table the
        /// header points at was hashed instead of left out (null when there is none or it was left out).
        /// </summary>
        internal static bool TryCompute(Stream content, HashAlgorithmName algorithm, CancellationToken cancellationToken, out byte[]? digest, out string? notPeReason, out string? certificateTableProblem)
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
            certificateTableProblem = null;
            PeImage? image = PeImage.TryParse(content, out PeParseFailure? failure);
            if (image == null)
            {
                notPeReason = failure!.Message;
                return false;
            }

            notPeReason = null;
            bool excludeTable = false;
            if (image.HasCertificateTable)
            {
                CertificateTableReadResult table = image.ReadCertificateTable(content);
                excludeTable = table.Problems.Count == 0;
                certificateTableProblem = excludeTable ? null : table.Problems.First().Message;
            }

            digest = image.ComputeImageDigest(content, algorithm, excludeTable, cancellationToken);
            return true;
        }
    }
}
