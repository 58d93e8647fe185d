using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// Reads a PE file's version resource (VS_VERSIONINFO): the fixed file version and the FileVersion,
    /// ProductVersion, CompanyName and ProductName strings of the first string table. Bounded: at most 96
    /// sections, a 64 KB resource, three levels of resource directory and of version blocks; anything
    /// malformed yields null rather than an exception (a version is a nice-to-have, never a verdict).
    /// </summary>
    public static class PeVersionInfo
    {
        private const int MaxResourceLength = 64 * 1024;
        private const int MaxSections = 96;
        private const int ResourceTypeVersion = 16;

        public static BaselineVersion? TryRead(Stream stream)
        {
            try
            {
                return Read(stream);
            }
            catch (Exception ex) when (ex is IOException || ex is ArgumentException || ex is IndexOutOfRangeException || ex is OverflowException || ex is EndOfStreamException)
            {
                return null;
            }
        }

        private static BaselineVersion? Read(Stream stream)
        {
            byte[] dos = ReadAt(stream, 0, 64);
            if (dos.Length < 64 || dos[0] != 'M' || dos[1] != 'Z')
            {
                return null;
            }

            long peOffset = BitConverter.ToUInt32(dos, 0x3C);
            byte[] headers = ReadAt(stream, peOffset, 24 + 240);
            if (headers.Length < 24 || headers[0] != 'P' || headers[1] != 'E' || headers[2] != 0 || headers[3] != 0)
            {
                return null;
            }

            int sectionCount = BitConverter.ToUInt16(headers, 6);
            int optionalSize = BitConverter.ToUInt16(headers, 20);
            if (sectionCount == 0 || sectionCount > MaxSections || headers.Length < 24 + Math.Min(optionalSize, 240))
            {
                return null;
            }

            int optional = 24;
            ushort magic = BitConverter.ToUInt16(headers, optional);
            int countOffset = magic == 0x10b ? 92 : magic == 0x20b ? 108 : -1;
            if (countOffset < 0 || countOffset + 4 > optionalSize)
            {
                return null;
            }

            uint directories = BitConverter.ToUInt32(headers, optional + countOffset);
            int resourceEntry = countOffset + 4 + (2 * 8);
            if (directories < 3 || resourceEntry + 8 > optionalSize || optional + resourceEntry + 8 > headers.Length)
            {
                return null;
            }

            uint resourceRva = BitConverter.ToUInt32(headers, optional + resourceEntry);
            uint resourceSize = BitConverter.ToUInt32(headers, optional + resourceEntry + 4);
            if (resourceRva == 0 || resourceSize == 0)
            {
                return null;
            }

            byte[] sectionTable = ReadAt(stream, peOffset + 24 + optionalSize, sectionCount * 40);
            var sections = new List<(uint Va, uint Size, uint Raw, uint RawSize)>();
            for (int i = 0; i + 40 <= sectionTable.Length; i += 40)
            {
                sections.Add((BitConverter.ToUInt32(sectionTable, i + 12), Math.Max(BitConverter.ToUInt32(sectionTable, i + 8), BitConverter.ToUInt32(sectionTable, i + 16)), BitConverter.ToUInt32(sectionTable, i + 20), BitConverter.ToUInt32(sectionTable, i + 16)));
            }

            long? FileOffset(uint rva)
            {
                foreach (var section in sections)
                {
                    if (rva >= section.Va && rva < (long)section.Va + section.Size && rva - section.Va < section.RawSize)
                    {
                        return (long)section.Raw + (rva - section.Va);
                    }
                }

                return null;
            }

            long? rootOffset = FileOffset(resourceRva);
            if (rootOffset == null)
            {
                return null;
            }

            // Resource directory: type (RT_VERSION) -> first name -> first language -> data entry.
            long directory = rootOffset.Value;
            uint? found = FindEntry(stream, directory, ResourceTypeVersion);
            for (int level = 0; level < 2 && found.HasValue; level++)
            {
                if ((found.Value & 0x80000000) == 0)
                {
                    return null;
                }

                directory = rootOffset.Value + (found.Value & 0x7FFFFFFF);
                found = FindEntry(stream, directory, null);
            }

            if (!found.HasValue || (found.Value & 0x80000000) != 0)
            {
                return null;
            }

            byte[] dataEntry = ReadAt(stream, rootOffset.Value + found.Value, 16);
            if (dataEntry.Length < 16)
            {
                return null;
            }

            uint dataRva = BitConverter.ToUInt32(dataEntry, 0);
            uint dataSize = BitConverter.ToUInt32(dataEntry, 4);
            long? dataOffset = FileOffset(dataRva);
            if (dataOffset == null || dataSize < 6)
            {
                return null;
            }

            byte[] data = ReadAt(stream, dataOffset.Value, (int)Math.Min(dataSize, MaxResourceLength));
            return ParseVersionInfo(data);
        }

        /// <summary>Parses a VS_VERSIONINFO block (exposed for tests).</summary>
        internal static BaselineVersion? ParseVersionInfo(byte[] data)
        {
            if (!TryBlock(data, 0, data.Length, out Block root) || root.Key != "VS_VERSION_INFO")
            {
                return null;
            }

            string? fixedVersion = null;
            if (root.ValueLength >= 52 && root.ValueOffset + 52 <= root.End && BitConverter.ToUInt32(data, root.ValueOffset) == 0xFEEF04BD)
            {
                uint ms = BitConverter.ToUInt32(data, root.ValueOffset + 8);
                uint ls = BitConverter.ToUInt32(data, root.ValueOffset + 12);
                fixedVersion = string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}.{3}", ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF);
            }

            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            int offset = Align(root.ValueOffset + root.ValueLength);
            while (offset < root.End && TryBlock(data, offset, root.End, out Block child))
            {
                if (child.Key == "StringFileInfo")
                {
                    int tableOffset = Align(child.ValueOffset + child.ValueLength);
                    if (tableOffset < child.End && TryBlock(data, tableOffset, child.End, out Block table))
                    {
                        int stringOffset = Align(table.ValueOffset + table.ValueLength);
                        while (stringOffset < table.End && TryBlock(data, stringOffset, table.End, out Block text))
                        {
                            if (text.ValueLength > 0 && !strings.ContainsKey(text.Key))
                            {
                                int bytes = Math.Min(text.ValueLength * 2, text.End - text.ValueOffset);
                                string value = Encoding.Unicode.GetString(data, text.ValueOffset, Math.Max(0, bytes));
                                int nul = value.IndexOf('\0');
                                strings[text.Key] = (nul >= 0 ? value.Substring(0, nul) : value).Trim();
                            }

                            stringOffset = Align(text.End);
                        }
                    }
                }

                offset = Align(child.End);
            }

            string? Get(string key) => strings.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;
            if (fixedVersion == null && strings.Count == 0)
            {
                return null;
            }

            return new BaselineVersion(Get("FileVersion"), fixedVersion, Get("ProductVersion"), Get("CompanyName"), Get("ProductName"));
        }

        private struct Block
        {
            public string Key;
            public int ValueOffset;
            /// <summary>In bytes for binary values, in characters for text values (as the format says).</summary>
            public int ValueLength;
            public int End;
        }

        private static bool TryBlock(byte[] data, int offset, int limit, out Block block)
        {
            block = default;
            if (offset < 0 || offset + 6 > limit)
            {
                return false;
            }

            int length = BitConverter.ToUInt16(data, offset);
            int valueLength = BitConverter.ToUInt16(data, offset + 2);
            if (length < 6 || offset + length > limit)
            {
                return false;
            }

            int end = offset + length;
            int keyStart = offset + 6;
            int keyEnd = keyStart;
            while (keyEnd + 1 < end && (data[keyEnd] != 0 || data[keyEnd + 1] != 0))
            {
                keyEnd += 2;
            }

            if (keyEnd + 1 >= end)
            {
                return false;
            }

            block.Key = Encoding.Unicode.GetString(data, keyStart, keyEnd - keyStart);
            block.ValueOffset = Math.Min(Align(keyEnd + 2), end);
            block.ValueLength = valueLength;
            block.End = end;
            return true;
        }

        private static int Align(int offset) => (offset + 3) & ~3;

        private static uint? FindEntry(Stream stream, long directoryOffset, int? id)
        {
            byte[] header = ReadAt(stream, directoryOffset, 16);
            if (header.Length < 16)
            {
                return null;
            }

            int count = BitConverter.ToUInt16(header, 12) + BitConverter.ToUInt16(header, 14);
            count = Math.Min(count, 4096);
            byte[] entries = ReadAt(stream, directoryOffset + 16, count * 8);
            for (int i = 0; i + 8 <= entries.Length; i += 8)
            {
                uint name = BitConverter.ToUInt32(entries, i);
                if (id == null || ((name & 0x80000000) == 0 && name == id.Value))
                {
                    return BitConverter.ToUInt32(entries, i + 4);
                }
            }

            return null;
        }

        private static byte[] ReadAt(Stream stream, long offset, int count)
        {
            if (offset < 0 || offset >= stream.Length || count <= 0)
            {
                return Array.Empty<byte>();
            }

            int length = (int)Math.Min(count, stream.Length - offset);
            byte[] buffer = new byte[length];
            stream.Position = offset;
            int filled = 0;
            while (filled < length)
            {
                int read = stream.Read(buffer, filled, length - filled);
                if (read == 0)
                {
                    Array.Resize(ref buffer, filled);
                    break;
                }

                filled += read;
            }

            return buffer;
        }
    }
}
