using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Cab
{
    /// <summary>
    /// The CAB SIP hash, the one digest of a cabinet (its Authenticode signature and a catalog's member hash).
    /// Unsigned cabinet: everything except reserved1 (bytes 4-7). Signed cabinet (a 20-byte header reserve whose
    /// abReserve points at the signature, which ends the file): bytes 0..3, 8..33, then from byte 56 up to the
    /// signature; reserved1, iCabinet and the reserve that signing writes (34..55) are left out, like the
    /// signature itself. These are the ranges signtool and osslsigncode hash.
    /// </summary>
    internal static class CabinetDigest
    {
        private const int BufferSize = 81920;

        /// <summary>The digest of <paramref name="content"/>; <paramref name="signatureOffset"/> is 0 for an unsigned cabinet.</summary>
        public static byte[] Compute(Stream content, long signatureOffset, HashAlgorithmName algorithm, CancellationToken cancellationToken)
        {
            using (HashAlgorithm hash = DigestAlgorithms.Create(algorithm))
            {
                var buffer = new byte[BufferSize];
                HashRange(content, hash, buffer, 0, 4, cancellationToken);
                if (signatureOffset == 0)
                {
                    HashRange(content, hash, buffer, 8, content.Length, cancellationToken);
                }
                else
                {
                    HashRange(content, hash, buffer, 8, 34, cancellationToken);
                    HashRange(content, hash, buffer, 56, signatureOffset, cancellationToken);
                }

                hash.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                return hash.Hash!;
            }
        }

        private static void HashRange(Stream content, HashAlgorithm hash, byte[] buffer, long start, long end, CancellationToken cancellationToken)
        {
            content.Position = start;
            long remaining = end - start;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read <= 0)
                {
                    throw new EndOfStreamException("The cabinet ended at byte " + (end - remaining) + ", before byte " + end + " that its digest covers.");
                }

                hash.TransformBlock(buffer, 0, read, null, 0);
                remaining -= read;
            }
        }
    }
}
