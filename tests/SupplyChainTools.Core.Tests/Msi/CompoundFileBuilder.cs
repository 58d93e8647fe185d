using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SupplyChainTools.Core.Tests.Msi
{
    /// <summary>
    /// Writes small compound files for the tests: version 3 or 4, streams below 4096 bytes in the mini stream and
    /// larger ones in regular sectors, one level of storages, and optionally extra FAT sectors so that the FAT
    /// needs DIFAT sectors. Layout: FAT, DIFAT, directory, mini FAT, mini stream, then the large streams.
    /// </summary>
    internal sealed class CompoundFileBuilder
    {
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint FreeSector = 0xFFFFFFFF;
        private const uint FatSector = 0xFFFFFFFD;
        private const uint DifatSector = 0xFFFFFFFC;

        private readonly List<Node> _root = new List<Node>();

        public int Version { get; set; } = 3;

        public byte[] RootClsid { get; set; } = new byte[16];

        /// <summary>FAT sectors written beyond the ones needed (all entries free), to force a chained DIFAT.</summary>
        public int ExtraFatSectors { get; set; }

        public CompoundFileBuilder AddStream(string name, byte[] content)
        {
            _root.Add(new Node(name, content, null));
            return this;
        }

        public CompoundFileBuilder AddStorage(string name, params (string Name, byte[] Content)[] streams)
        {
            _root.Add(new Node(name, null, streams.Select(s => new Node(s.Name, s.Content, null)).ToList()));
            return this;
        }

        public byte[] Build()
        {
            int sectorSize = Version == 3 ? 512 : 4096;
            int perSector = sectorSize / 4;
            var entries = new List<Node> { new Node("Root Entry", null, _root) { IsRoot = true } };
            foreach (Node node in _root)
            {
                entries.Add(node);
                if (node.Children != null)
                {
                    entries.AddRange(node.Children);
                }
            }

            var miniStream = new MemoryStream();
            var miniFat = new List<uint>();
            foreach (Node node in entries.Where(n => n.Content != null && n.Content.Length < 4096))
            {
                int count = (node.Content!.Length + 63) / 64;
                node.Start = count == 0 ? EndOfChain : (uint)miniFat.Count;
                for (int i = 0; i < count; i++)
                {
                    miniFat.Add(i == count - 1 ? EndOfChain : (uint)(miniFat.Count + 1));
                }

                miniStream.Write(node.Content, 0, node.Content.Length);
                miniStream.Write(new byte[(count * 64) - node.Content.Length], 0, (count * 64) - node.Content.Length);
            }

            while (miniFat.Count % PerSectorOf(sectorSize) != 0)
            {
                miniFat.Add(FreeSector);
            }

            int Sectors(long bytes) => (int)((bytes + sectorSize - 1) / sectorSize);
            int directorySectors = Sectors(entries.Count * 128L);
            int miniFatSectors = Sectors(miniFat.Count * 4L);
            int miniStreamSectors = Sectors(miniStream.Length);
            List<Node> large = entries.Where(n => n.Content != null && n.Content.Length >= 4096).ToList();
            int largeSectors = large.Sum(n => Sectors(n.Content!.Length));
            int dataSectors = directorySectors + miniFatSectors + miniStreamSectors + largeSectors;
            int fatSectors = 1, difatSectors = 0;
            while (true)
            {
                int total = fatSectors + ExtraFatSectors + difatSectors + dataSectors;
                int neededFat = (total + perSector - 1) / perSector;
                int neededDifat = Math.Max(0, (int)Math.Ceiling((neededFat + ExtraFatSectors - 109) / (double)(perSector - 1)));
                if (neededFat <= fatSectors && neededDifat == difatSectors)
                {
                    break;
                }

                fatSectors = Math.Max(fatSectors, neededFat);
                difatSectors = neededDifat;
            }

            int allFat = fatSectors + ExtraFatSectors;
            int totalSectors = allFat + difatSectors + dataSectors;
            var fat = Enumerable.Repeat(FreeSector, allFat * perSector).ToArray();
            uint next = 0;
            for (int i = 0; i < allFat; i++)
            {
                fat[next++] = FatSector;
            }

            uint firstDifat = difatSectors == 0 ? EndOfChain : next;
            for (int i = 0; i < difatSectors; i++)
            {
                fat[next++] = DifatSector;
            }

            uint Chain(int count)
            {
                if (count == 0)
                {
                    return EndOfChain;
                }

                uint start = next;
                for (int i = 0; i < count; i++, next++)
                {
                    fat[next] = i == count - 1 ? EndOfChain : next + 1;
                }

                return start;
            }

            uint directoryStart = Chain(directorySectors);
            uint miniFatStart = Chain(miniFatSectors);
            entries[0].Start = Chain(miniStreamSectors);
            foreach (Node node in large)
            {
                node.Start = Chain(Sectors(node.Content!.Length));
            }

            var file = new byte[(totalSectors + 1L) * sectorSize];
            WriteHeader(file, sectorSize, allFat, difatSectors, firstDifat, directoryStart, miniFatStart, miniFatSectors, directorySectors);
            var difat = Enumerable.Range(0, allFat).Select(i => (uint)i).ToList();
            for (int i = 0; i < Math.Min(109, difat.Count); i++)
            {
                Put(file, 76 + (4 * i), difat[i]);
            }

            for (int i = difat.Count; i < 109; i++)
            {
                Put(file, 76 + (4 * i), FreeSector);
            }

            for (int d = 0; d < difatSectors; d++)
            {
                long offset = (allFat + d + 1L) * sectorSize;
                for (int j = 0; j < perSector - 1; j++)
                {
                    int index = 109 + (d * (perSector - 1)) + j;
                    Put(file, offset + (4 * j), index < difat.Count ? difat[index] : FreeSector);
                }

                Put(file, offset + sectorSize - 4, d == difatSectors - 1 ? EndOfChain : (uint)(allFat + d + 1));
            }

            Buffer.BlockCopy(fat, 0, file, sectorSize, fat.Length * 4);
            WriteDirectory(file, entries, (directoryStart + 1L) * sectorSize, miniStream.Length);
            if (miniFat.Count > 0)
            {
                Buffer.BlockCopy(miniFat.ToArray(), 0, file, (int)((miniFatStart + 1L) * sectorSize), miniFat.Count * 4);
            }
            if (miniStream.Length > 0)
            {
                miniStream.ToArray().CopyTo(file, (entries[0].Start + 1L) * sectorSize);
            }

            foreach (Node node in large)
            {
                node.Content!.CopyTo(file, (node.Start + 1L) * sectorSize);
            }

            return file;
        }

        private void WriteHeader(byte[] file, int sectorSize, int fatSectors, int difatSectors, uint firstDifat, uint directoryStart, uint miniFatStart, int miniFatSectors, int directorySectors)
        {
            new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(file, 0);
            PutShort(file, 24, 0x3E);
            PutShort(file, 26, (ushort)Version);
            PutShort(file, 28, 0xFFFE);
            PutShort(file, 30, (ushort)(Version == 3 ? 9 : 12));
            PutShort(file, 32, 6);
            Put(file, 40, Version == 3 ? 0u : (uint)directorySectors);
            Put(file, 44, (uint)fatSectors);
            Put(file, 48, directoryStart);
            Put(file, 56, 4096);
            Put(file, 60, miniFatSectors == 0 ? EndOfChain : miniFatStart);
            Put(file, 64, (uint)miniFatSectors);
            Put(file, 68, firstDifat);
            Put(file, 72, (uint)difatSectors);
        }

        private void WriteDirectory(byte[] file, List<Node> entries, long offset, long miniStreamLength)
        {
            for (int i = 0; i < entries.Count; i++)
            {
                entries[i].Id = i;
            }

            for (int i = 0; i < entries.Count; i++)
            {
                Node node = entries[i];
                long at = offset + (128L * i);
                byte[] name = Encoding.Unicode.GetBytes(node.Name);
                name.CopyTo(file, at);
                PutShort(file, at + 64, (ushort)(name.Length + 2));
                file[at + 66] = node.IsRoot ? (byte)5 : node.Children != null ? (byte)1 : (byte)2;
                file[at + 67] = 1;
                Put(file, at + 68, 0xFFFFFFFF);
                Put(file, at + 72, 0xFFFFFFFF);
                Put(file, at + 76, 0xFFFFFFFF);
                if (node.IsRoot)
                {
                    RootClsid.CopyTo(file, at + 80);
                }

                if (!node.IsRoot)
                {
                    // [MS-CFB] 2.6.3: the root's creation time is zero (its modification time may be set; left zero here too).
                    Put(file, at + 104, (uint)(0x01D00000 + i));
                    Put(file, at + 112, (uint)(0x01D10000 + i));
                }
                Put(file, at + 116, node.Children != null && !node.IsRoot ? 0u : node.Start);
                long size = node.IsRoot ? miniStreamLength : node.Content?.Length ?? 0;
                Put(file, at + 120, (uint)size);
            }

            foreach (Node node in entries.Where(n => n.Children != null && n.Children.Count > 0))
            {
                // A right-leaning chain of siblings: valid as a tree (not balanced, which readers need not check).
                List<Node> children = node.Children!;
                Put(file, offset + (128L * node.Id) + 76, (uint)children[0].Id);
                for (int c = 0; c + 1 < children.Count; c++)
                {
                    Put(file, offset + (128L * children[c].Id) + 72, (uint)children[c + 1].Id);
                }
            }
        }

        private static int PerSectorOf(int sectorSize) => sectorSize / 4;

        private static void Put(byte[] file, long offset, uint value) => BitConverter.GetBytes(value).CopyTo(file, offset);

        private static void PutShort(byte[] file, long offset, ushort value) => BitConverter.GetBytes(value).CopyTo(file, offset);

        private sealed class Node
        {
            public Node(string name, byte[]? content, List<Node>? children)
            {
                Name = name;
                Content = content;
                Children = children;
            }

            public string Name { get; }

            public byte[]? Content { get; }

            public List<Node>? Children { get; }

            public bool IsRoot { get; set; }

            public uint Start { get; set; } = 0xFFFFFFFE;

            public int Id { get; set; }
        }
    }
}
