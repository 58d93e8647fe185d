using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>The Authenticode image digest and page hashes of a PE image.</summary>
    internal sealed partial class PeImage
    {
        private const int PageSize = 4096;
        private const int MaxSizeOfHeadersForPageHashes = 1024 * 1024;

        /// <summary>
        /// The Authenticode image digest: the whole file except the CheckSum field, the certificate-table
        /// directory entry and, when <paramref name="excludeCertificateTable"/>, the certificate table. A file
        /// whose table is not left out is zero-padded to a multiple of 8, as signers hash an unsigned file.
        /// </summary>
        public byte[] ComputeImageDigest(Stream stream, HashAlgorithmName algorithm, bool excludeCertificateTable, CancellationToken cancellationToken)
        {
            using (var digest = new DigestAccumulator(algorithm))
            {
                var buffer = new byte[64 * 1024];
                long position = 0;
                bool tableExcluded = excludeCertificateTable && CertificateTableFitsFile;
                foreach (var hole in GetHoles(tableExcluded))
                {
                    HashRange(stream, digest, buffer, position, hole.Start - position, cancellationToken);
                    position = hole.Start + hole.Length;
                }

                HashRange(stream, digest, buffer, position, FileLength - position, cancellationToken);
                if (!tableExcluded && FileLength % 8 != 0)
                {
                    digest.Append(new byte[8], 0, (int)(8 - (FileLength % 8)));
                }

                return digest.Finish();
            }
        }

        /// <summary>
        /// Rebuilds the page-hash table the way signers lay it out: the header page (headers minus the
        /// CheckSum and certificate-directory holes, zero-filled), then each 4 KiB page of each section's
        /// raw data (zero-filled), then the end offset with a zero digest. Returns null when the section
        /// headers or the section table are inconsistent with the file.
        /// </summary>
        public byte[]? ComputePageHashes(Stream stream, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            if (CertificateDirectoryEntryOffset < 0 || SizeOfHeaders > FileLength || SizeOfHeaders > MaxSizeOfHeadersForPageHashes || SizeOfHeaders < CertificateDirectoryEntryOffset + 8)
            {
                return null;
            }

            var table = new MemoryStream();
            var zeroes = new byte[PageSize];
            byte[] headers = ReadAt(stream, 0, SizeOfHeaders);
            using (var digest = new DigestAccumulator(algorithm))
            {
                digest.Append(headers, 0, CheckSumOffset);
                digest.Append(headers, CheckSumOffset + 4, CertificateDirectoryEntryOffset - CheckSumOffset - 4);
                digest.Append(headers, CertificateDirectoryEntryOffset + 8, SizeOfHeaders - CertificateDirectoryEntryOffset - 8);
                digest.Append(zeroes, 0, Math.Max(0, PageSize - SizeOfHeaders));
                WriteEntry(table, 0, digest.Finish());
            }

            long lastPosition = 0;
            var page = new byte[PageSize];
            foreach (PeSection section in _sections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (section.RawSize == 0)
                {
                    continue;
                }

                if (section.RawOffset + section.RawSize > FileLength)
                {
                    return null;
                }

                for (long consumed = 0; consumed < section.RawSize; consumed += PageSize)
                {
                    int count = (int)Math.Min(PageSize, section.RawSize - consumed);
                    ReadInto(stream, section.RawOffset + consumed, page, count);
                    Array.Clear(page, count, PageSize - count);
                    WriteEntry(table, section.RawOffset + consumed, DigestAlgorithms.Hash(algorithm, page));
                }

                lastPosition = section.RawOffset + section.RawSize;
            }

            WriteEntry(table, lastPosition, new byte[DigestAlgorithms.DigestLength(algorithm)]);
            return table.ToArray();
        }

        private static void WriteEntry(MemoryStream table, long offset, byte[] digest)
        {
            table.Write(BitConverter.GetBytes((uint)offset), 0, 4);
            table.Write(digest, 0, digest.Length);
        }

        private IEnumerable<(long Start, long Length)> GetHoles(bool excludeCertificateTable)
        {
            yield return (CheckSumOffset, 4);
            if (CertificateDirectoryEntryOffset >= 0)
            {
                yield return (CertificateDirectoryEntryOffset, 8);
            }

            if (excludeCertificateTable)
            {
                yield return (CertificateTableOffset, CertificateTableSize);
            }
        }

        private static void HashRange(Stream stream, DigestAccumulator digest, byte[] buffer, long start, long count, CancellationToken cancellationToken)
        {
            if (count <= 0)
            {
                return;
            }

            stream.Position = start;
            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read <= 0)
                {
                    throw new EndOfStreamException("The file ended while it was being hashed.");
                }

                digest.Append(buffer, 0, read);
                count -= read;
            }
        }
    }
}
