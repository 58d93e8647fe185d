using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.Pkcs;

namespace SupplyChainTools.Core.Cab
{
    /// <summary>
    /// The Authenticode signature of a cabinet ([MS-CAB]): CFHEADER's per-cabinet reserve (cbCFHeader = 20,
    /// flag cfhdrRESERVE_PRESENT) holds the 0x00100000 marker and the offset and size of the PKCS#7 SignedData,
    /// which must be the last thing in the file. The digest is <see cref="CabinetDigest"/>.
    /// </summary>
    internal sealed class CabinetSignature
    {
        public static readonly byte[] Magic = { (byte)'M', (byte)'S', (byte)'C', (byte)'F' };

        /// <summary>The largest signature read (a PKCS#7 with its chains and timestamps is far smaller).</summary>
        public const int MaximumSignatureLength = 16 * 1024 * 1024;

        private const int SignedHeaderLength = 60;
        private const ushort ReservePresentFlag = 0x0004;
        private const ushort SignatureReserveLength = 20;
        private const uint SignatureReserveMarker = 0x00100000;

        private CabinetSignature(long signatureOffset, int signatureLength)
        {
            SignatureOffset = signatureOffset;
            SignatureLength = signatureLength;
        }

        public long SignatureOffset { get; }

        public int SignatureLength { get; }

        /// <summary>Bytes after the signature (which must end the file); no signature covers them.</summary>
        public long TrailingBytes { get; private set; }

        /// <summary>The header's reserved1 field (bytes 4-7), which [MS-CAB] requires to be zero and the digest does not cover.</summary>
        public uint Reserved1 { get; private set; }

        /// <summary>
        /// Reads the header of the cabinet in <paramref name="content"/>. Returns null with <paramref name="unsignedReason"/>
        /// set when the cabinet carries no signature; throws <see cref="FormatException"/> when the header is malformed.
        /// </summary>
        public static CabinetSignature? Read(Stream content, CancellationToken cancellationToken, out string? unsignedReason)
        {
            unsignedReason = null;
            long length = content.Length;
            if (length < 36)
            {
                throw new FormatException("The file is " + length + " bytes, too short for a cabinet header (36 bytes).");
            }

            byte[] header = ReadAt(content, 0, (int)Math.Min(length, SignedHeaderLength), cancellationToken);
            for (int i = 0; i < Magic.Length; i++)
            {
                if (header[i] != Magic[i])
                {
                    throw new FormatException("The file does not start with the cabinet signature 'MSCF'.");
                }
            }

            ushort flags = BitConverter.ToUInt16(header, 30);
            if ((flags & ReservePresentFlag) == 0)
            {
                unsignedReason = "The cabinet has no header reserve, so it has no Authenticode signature.";
                return null;
            }

            if (header.Length < SignedHeaderLength)
            {
                throw new FormatException("The cabinet announces a header reserve but ends inside it (" + length + " bytes).");
            }

            ushort reserveLength = BitConverter.ToUInt16(header, 36);
            if (reserveLength != SignatureReserveLength || BitConverter.ToUInt32(header, 40) != SignatureReserveMarker)
            {
                unsignedReason = "The cabinet's header reserve (" + reserveLength + " bytes) is not an Authenticode signature reserve.";
                return null;
            }

            long offset = BitConverter.ToUInt32(header, 44);
            long size = BitConverter.ToUInt32(header, 48);
            if (offset == 0 && size == 0)
            {
                unsignedReason = "The cabinet's signature reserve is empty.";
                return null;
            }

            if (offset < SignedHeaderLength || size == 0 || offset + size > length)
            {
                throw new FormatException("The signature reserve places the signature at offset " + offset + " with " + size + " bytes, which does not fit the " + length + "-byte file.");
            }

            if (size > MaximumSignatureLength)
            {
                throw new FormatException("The signature is " + size + " bytes, larger than the " + MaximumSignatureLength + "-byte limit.");
            }

            return new CabinetSignature(offset, (int)size) { TrailingBytes = length - offset - size, Reserved1 = BitConverter.ToUInt32(header, 4) };
        }

        /// <summary>
        /// The PKCS#7 SignedData. The signature area may end with zero padding (osslsigncode aligns it to 8 bytes);
        /// any non-zero byte after the DER value is reported in <paramref name="problems"/>.
        /// </summary>
        public byte[] ReadPkcs7(Stream content, List<string> problems, CancellationToken cancellationToken)
        {
            byte[] area = ReadAt(content, SignatureOffset, SignatureLength, cancellationToken);
            int consumed;
            try
            {
                if (!AsnDecoder.TryReadEncodedValue(area, AsnEncodingRules.BER, out _, out _, out _, out consumed))
                {
                    return area;
                }
            }
            catch (AsnContentException)
            {
                // Not DER at all: the CMS decoder reports it as a malformed signature.
                return area;
            }

            for (int i = consumed; i < area.Length; i++)
            {
                if (area[i] != 0)
                {
                    problems.Add((area.Length - consumed) + " bytes follow the PKCS#7 signature inside the cabinet's signature area and are not zero padding.");
                    break;
                }
            }

            var pkcs7 = new byte[consumed];
            Buffer.BlockCopy(area, 0, pkcs7, 0, consumed);
            return pkcs7;
        }

        public byte[] ComputeDigest(Stream content, HashAlgorithmName algorithm, CancellationToken cancellationToken) =>
            CabinetDigest.Compute(content, SignatureOffset, algorithm, cancellationToken);

        private static byte[] ReadAt(Stream content, long offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = new byte[count];
            content.Position = offset;
            int done = 0;
            while (done < count)
            {
                int read = content.Read(buffer, done, count - done);
                if (read <= 0)
                {
                    throw new FormatException("The cabinet ended at byte " + (offset + done) + " while " + count + " bytes were expected from offset " + offset + ".");
                }

                done += read;
            }

            return buffer;
        }
    }
}
