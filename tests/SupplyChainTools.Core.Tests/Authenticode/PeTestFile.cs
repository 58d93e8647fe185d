using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography.Pkcs;

namespace SupplyChainTools.Core.Tests.Authenticode
{
    /// <summary>
    /// A signed PE held in memory for tampering, located with the platform's PEHeaders (an
    /// independent parser from the one under test).
    /// </summary>
    internal sealed class PeTestFile
    {
        public PeTestFile(byte[] bytes)
        {
            Bytes = bytes;
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                var headers = new PEHeaders(stream);
                CheckSumOffset = headers.PEHeaderStartOffset + 64;
                CertificateDirectoryEntryOffset = headers.PEHeaderStartOffset + (headers.PEHeader!.Magic == PEMagic.PE32Plus ? 144 : 128);
                TableOffset = headers.PEHeader.CertificateTableDirectory.RelativeVirtualAddress;
                TableSize = headers.PEHeader.CertificateTableDirectory.Size;
                FirstSectionOffset = headers.SectionHeaders[0].PointerToRawData;
            }
        }

        public byte[] Bytes { get; }

        public int CheckSumOffset { get; }

        public int CertificateDirectoryEntryOffset { get; }

        public int TableOffset { get; }

        public int TableSize { get; }

        public int FirstSectionOffset { get; }

        public static PeTestFile Load(string path) => new PeTestFile(File.ReadAllBytes(path));

        /// <summary>The PKCS#7 blob of the first WIN_CERTIFICATE entry, without padding.</summary>
        public byte[] Pkcs7
        {
            get
            {
                int length = BitConverter.ToInt32(Bytes, TableOffset) - 8;
                var blob = new byte[length];
                Array.Copy(Bytes, TableOffset + 8, blob, 0, length);
                var reader = new System.Formats.Asn1.AsnReader(blob, System.Formats.Asn1.AsnEncodingRules.BER);
                return reader.ReadEncodedValue().ToArray();
            }
        }

        public SignedCms Cms
        {
            get
            {
                var cms = new SignedCms();
                cms.Decode(Pkcs7);
                return cms;
            }
        }

        /// <summary>The bytes before the certificate table with the directory entry cleared: the file as it was before signing.</summary>
        public byte[] Unsigned()
        {
            var result = new byte[TableOffset];
            Array.Copy(Bytes, result, TableOffset);
            Array.Clear(result, CertificateDirectoryEntryOffset, 8);
            return result;
        }

        /// <summary>The unsigned image followed by <paramref name="table"/>, with the directory entry pointing at it.</summary>
        public byte[] WithTable(byte[] table)
        {
            byte[] image = Unsigned();
            var result = new byte[image.Length + table.Length];
            Array.Copy(image, result, image.Length);
            Array.Copy(table, 0, result, image.Length, table.Length);
            BitConverter.GetBytes(image.Length).CopyTo(result, CertificateDirectoryEntryOffset);
            BitConverter.GetBytes(table.Length).CopyTo(result, CertificateDirectoryEntryOffset + 4);
            return result;
        }

        /// <summary>A WIN_CERTIFICATE (revision 2, PKCS#7) holding <paramref name="content"/>, zero-padded to 8 bytes.</summary>
        public static byte[] WinCertificate(byte[] content)
        {
            int length = 8 + content.Length;
            var entry = new byte[(length + 7) & ~7];
            BitConverter.GetBytes(length).CopyTo(entry, 0);
            BitConverter.GetBytes((ushort)0x0200).CopyTo(entry, 4);
            BitConverter.GetBytes((ushort)0x0002).CopyTo(entry, 6);
            Array.Copy(content, 0, entry, 8, content.Length);
            return entry;
        }

        public static byte[] Concat(params byte[][] parts)
        {
            var result = new List<byte>();
            foreach (byte[] part in parts)
            {
                result.AddRange(part);
            }

            return result.ToArray();
        }

        /// <summary>Offset of the first occurrence of <paramref name="needle"/> in the file; fails the test if absent.</summary>
        public int IndexOf(byte[] needle)
        {
            for (int i = 0; i + needle.Length <= Bytes.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && Bytes[i + j] == needle[j])
                {
                    j++;
                }

                if (j == needle.Length)
                {
                    return i;
                }
            }

            throw new InvalidOperationException("The byte pattern does not occur in the file.");
        }
    }
}
