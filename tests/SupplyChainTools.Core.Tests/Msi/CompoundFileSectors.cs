using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SupplyChainTools.Core.Tests.Msi
{
    /// <summary>
    /// Rewrites a version 3 compound file (with at most 109 FAT sectors) with two sectors swapped on disk and every
    /// reference to them (FAT entries, header, directory start sectors) updated: the same content, another layout.
    /// </summary>
    internal static class CompoundFileSectors
    {
        private const int SectorSize = 512;
        private const uint FatSect = 0xFFFFFFFD;
        private const uint DifSect = 0xFFFFFFFC;
        private const uint FreeSect = 0xFFFFFFFF;
        private const uint EndOfChain = 0xFFFFFFFE;

        /// <summary>Pairs of used data sectors to swap: the first with the last, and a few from the middle.</summary>
        public static IEnumerable<(uint, uint)> SwappablePairs(byte[] file)
        {
            uint[] fat = ReadFat(file);
            List<uint> used = Enumerable.Range(0, (file.Length / SectorSize) - 1).Select(i => (uint)i)
                .Where(i => fat[i] != FatSect && fat[i] != DifSect && fat[i] != FreeSect).ToList();
            yield return (used[0], used[used.Count - 1]);
            yield return (used[1], used[used.Count / 2]);
            yield return (used[used.Count / 3], used[used.Count - 2]);
        }

        public static byte[] Swap(byte[] original, uint a, uint b)
        {
            byte[] file = (byte[])original.Clone();
            uint[] fat = ReadFat(file);
            uint Map(uint s) => s == a ? b : s == b ? a : s;

            var newFat = fat.Select(Map).ToArray();
            newFat[a] = Map(fat[b]);
            newFat[b] = Map(fat[a]);
            byte[] sectorA = file.Skip((int)(a + 1) * SectorSize).Take(SectorSize).ToArray();
            Array.Copy(file, (b + 1) * SectorSize, file, (a + 1) * SectorSize, SectorSize);
            sectorA.CopyTo(file, (b + 1) * SectorSize);
            WriteFat(file, newFat);
            foreach (int field in new[] { 48, 60, 68 })
            {
                BitConverter.GetBytes(Map(BitConverter.ToUInt32(file, field))).CopyTo(file, field);
            }

            foreach (long entry in DirectoryEntries(file, newFat))
            {
                byte type = file[entry + 66];
                uint size = BitConverter.ToUInt32(file, (int)entry + 120);
                if (type == 5 || (type == 2 && size >= 4096))
                {
                    BitConverter.GetBytes(Map(BitConverter.ToUInt32(file, (int)entry + 116))).CopyTo(file, entry + 116);
                }
            }

            return file;
        }

        public static long DirectoryEntryOffset(byte[] file, string name)
        {
            byte[] wanted = Encoding.Unicode.GetBytes(name);
            return DirectoryEntries(file, ReadFat(file)).First(entry =>
                BitConverter.ToUInt16(file, (int)entry + 64) == wanted.Length + 2 && file.Skip((int)entry).Take(wanted.Length).SequenceEqual(wanted));
        }

        /// <summary>The file offsets of the directory entries, in directory order.</summary>
        public static IEnumerable<long> DirectoryEntries(byte[] file) => DirectoryEntries(file, ReadFat(file));

        private static IEnumerable<long> DirectoryEntries(byte[] file, uint[] fat)
        {
            for (uint sector = BitConverter.ToUInt32(file, 48); sector != EndOfChain; sector = fat[sector])
            {
                for (int i = 0; i < SectorSize / 128; i++)
                {
                    yield return ((sector + 1L) * SectorSize) + (128 * i);
                }
            }
        }

        private static IEnumerable<uint> FatSectors(byte[] file) =>
            Enumerable.Range(0, (int)BitConverter.ToUInt32(file, 44)).Select(i => BitConverter.ToUInt32(file, 76 + (4 * i)));

        private static uint[] ReadFat(byte[] file) =>
            FatSectors(file).SelectMany(s => Enumerable.Range(0, SectorSize / 4).Select(i => BitConverter.ToUInt32(file, (int)((s + 1) * SectorSize) + (4 * i)))).ToArray();

        private static void WriteFat(byte[] file, uint[] fat)
        {
            int index = 0;
            foreach (uint sector in FatSectors(file).ToList())
            {
                Buffer.BlockCopy(fat, index * 4, file, (int)((sector + 1) * SectorSize), SectorSize);
                index += SectorSize / 4;
            }
        }
    }
}
