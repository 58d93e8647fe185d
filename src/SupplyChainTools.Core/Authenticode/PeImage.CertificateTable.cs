using System;
using System.Formats.Asn1;
using System.IO;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Reading and checking the certificate table (WIN_CERTIFICATE entries) of a PE image.</summary>
    internal sealed partial class PeImage
    {
        private const long MaxCertificateTableSize = 64L * 1024 * 1024;
        private const ushort WinCertificateRevision2 = 0x0200;
        private const ushort WinCertificateRevision1 = 0x0100;
        private const ushort WinCertificateTypePkcsSignedData = 0x0002;

        /// <summary>
        /// Reads the certificate table and checks its shape (CVE-2013-3900): it must be the last thing in the file,
        /// its WIN_CERTIFICATE lengths rounded to 8 must add up to the directory size, padding must be zero.
        /// </summary>
        public CertificateTableReadResult ReadCertificateTable(Stream stream)
        {
            var result = new CertificateTableReadResult();
            long offset = CertificateTableOffset;
            long size = CertificateTableSize;
            if (offset == 0 || size == 0)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table directory entry is incomplete (offset " + offset + ", size " + size + ").");
                return result;
            }

            if (offset + size > FileLength)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table (offset " + offset + ", size " + size + ") extends past the end of the file (" + FileLength + " bytes).");
                return result;
            }

            if (offset < HeadersEnd)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table overlaps the PE headers.");
                return result;
            }

            if (size < 8 || size > MaxCertificateTableSize)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The certificate table size " + size + " is not plausible.");
                return result;
            }

            if (offset + size < FileLength)
            {
                result.AddProblem(AuthenticodeStatus.UnexpectedData, (FileLength - offset - size) + " bytes follow the certificate table, which must be the last thing in the file.");
            }

            for (int i = 0; i < _sections.Count; i++)
            {
                PeSection section = _sections[i];
                if (section.RawSize > 0 && offset < section.RawOffset + section.RawSize && section.RawOffset < offset + size)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The certificate table (offset " + offset + ", size " + size + ") overlaps the raw data of section " + (i + 1) + ", which the image hash must cover.");
                    break;
                }
            }

            byte[] table = ReadAt(stream, offset, (int)size);
            int position = 0;
            int entryIndex = 0;
            while (position < table.Length)
            {
                if (table.Length - position < 8)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, (table.Length - position) + " bytes at the end of the certificate table do not form a WIN_CERTIFICATE entry.");
                    break;
                }

                long length = BitConverter.ToUInt32(table, position);
                ushort revision = BitConverter.ToUInt16(table, position + 4);
                ushort certificateType = BitConverter.ToUInt16(table, position + 6);
                if (length < 8 || length > table.Length - position)
                {
                    result.AddProblem(AuthenticodeStatus.Malformed, "WIN_CERTIFICATE entry " + entryIndex + " declares length " + length + ", which does not fit the certificate table (" + (table.Length - position) + " bytes left).");
                    break;
                }

                long rounded = (length + 7) & ~7L;
                if (position + rounded > table.Length)
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The WIN_CERTIFICATE lengths rounded to 8 bytes do not add up to the certificate table size.");
                }
                else if (!IsZero(table, position + (int)length, (int)(rounded - length)))
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The padding after WIN_CERTIFICATE entry " + entryIndex + " is not zero.");
                }

                if (entryIndex == 0)
                {
                    if ((revision != WinCertificateRevision2 && revision != WinCertificateRevision1) || certificateType != WinCertificateTypePkcsSignedData)
                    {
                        result.AddProblem(AuthenticodeStatus.Malformed, "The first certificate table entry is not a PKCS#7 signature (revision 0x" + revision.ToString("X4") + ", type 0x" + certificateType.ToString("X4") + ").");
                        break;
                    }

                    result.Pkcs7 = ExtractSignedData(table, position + 8, (int)length - 8, result);
                }
                else
                {
                    result.AddProblem(AuthenticodeStatus.UnexpectedData, "The certificate table holds an extra WIN_CERTIFICATE entry (" + entryIndex + ") that no signature covers.");
                }

                position += (int)Math.Min(rounded, table.Length - position);
                entryIndex++;
            }

            return result;
        }

        private static byte[]? ExtractSignedData(byte[] table, int start, int length, CertificateTableReadResult result)
        {
            var blob = new ReadOnlySpan<byte>(table, start, length);
            int consumed;
            try
            {
                AsnDecoder.ReadEncodedValue(blob, AsnEncodingRules.BER, out _, out _, out consumed);
            }
            catch (AsnContentException)
            {
                result.AddProblem(AuthenticodeStatus.Malformed, "The PKCS#7 signature in the certificate table is not valid ASN.1.");
                return null;
            }

            int trailing = length - consumed;
            if (trailing >= 8 || !IsZero(table, start + consumed, trailing))
            {
                result.AddProblem(AuthenticodeStatus.UnexpectedData, trailing + " bytes follow the PKCS#7 signature inside its WIN_CERTIFICATE entry.");
            }

            return blob.Slice(0, consumed).ToArray();
        }

        private static bool IsZero(byte[] buffer, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (buffer[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
