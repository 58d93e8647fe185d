using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>The allocation tables and the directory tree of <see cref="CompoundFile"/>.</summary>
    internal sealed partial class CompoundFile
    {
        private void ReadFat(byte[] header)
        {
            uint fatSectorCount = BitConverter.ToUInt32(header, 44);
            uint difatSectorCount = BitConverter.ToUInt32(header, 72);
            if (fatSectorCount == 0 || fatSectorCount > _sectorCount)
            {
                throw new CompoundFileFormatException("The header lists " + fatSectorCount + " FAT sectors; the file has " + _sectorCount + " sectors.");
            }

            if (difatSectorCount > _sectorCount)
            {
                throw new CompoundFileFormatException("The header lists " + difatSectorCount + " DIFAT sectors; the file has " + _sectorCount + " sectors.");
            }

            var fatSectors = new List<uint>((int)fatSectorCount);
            for (int i = 0; i < HeaderDifatCount && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BitConverter.ToUInt32(header, 76 + (4 * i)));
            }

            var seen = new HashSet<uint>();
            uint difat = BitConverter.ToUInt32(header, 68);
            int perDifatSector = (SectorSize / 4) - 1;
            for (uint i = 0; i < difatSectorCount && fatSectors.Count < fatSectorCount; i++)
            {
                if (difat > MaxRegularSector || !seen.Add(difat))
                {
                    throw new CompoundFileFormatException("DIFAT sector " + (i + 1) + " of " + difatSectorCount + " is " + (difat > MaxRegularSector ? "missing (the chain ends early)" : "a sector the DIFAT chain already visited (a loop)") + ".");
                }

                byte[] sector = ReadSector(difat, "DIFAT sector " + difat);
                _difatSectors.Add(difat);
                for (int j = 0; j < perDifatSector; j++)
                {
                    if (fatSectors.Count < fatSectorCount)
                    {
                        fatSectors.Add(BitConverter.ToUInt32(sector, 4 * j));
                    }
                    else if (BitConverter.ToUInt32(sector, 4 * j) != FreeSector)
                    {
                        _unusedDifatSlotsInUse++;
                    }
                }

                difat = BitConverter.ToUInt32(sector, 4 * perDifatSector);
            }

            if (fatSectors.Count < fatSectorCount)
            {
                throw new CompoundFileFormatException("The DIFAT lists " + fatSectors.Count + " of the " + fatSectorCount + " FAT sectors the header announces.");
            }

            int perSector = SectorSize / 4;
            _fat = new uint[(long)fatSectorCount * perSector];
            seen.Clear();
            for (int i = 0; i < fatSectors.Count; i++)
            {
                uint sector = fatSectors[i];
                if (sector > MaxRegularSector || !seen.Add(sector))
                {
                    throw new CompoundFileFormatException("FAT sector " + (i + 1) + " is listed as " + sector + ", which is not a sector or is listed twice.");
                }

                byte[] data = ReadSector(sector, "FAT sector " + sector);
                _fatSectors.Add(sector);
                Buffer.BlockCopy(data, 0, _fat, i * SectorSize, SectorSize);
            }
        }

        private List<CompoundFileEntry> ReadDirectory(uint firstSector)
        {
            uint[] sectors = FollowOpenChain(_fat, firstSector, Math.Min(_sectorCount, (long)MaxDirectoryEntries * DirectoryEntrySize / SectorSize), "the directory");
            if (sectors.Length == 0)
            {
                throw new CompoundFileFormatException("The compound file has no directory.");
            }

            var entries = new List<CompoundFileEntry>(sectors.Length * (SectorSize / DirectoryEntrySize));
            foreach (uint sector in sectors)
            {
                byte[] data = ReadSector(sector, "directory sector " + sector);
                for (int offset = 0; offset < SectorSize; offset += DirectoryEntrySize)
                {
                    var raw = new byte[DirectoryEntrySize];
                    Buffer.BlockCopy(data, offset, raw, 0, DirectoryEntrySize);
                    ulong size = MajorVersion == 3 ? BitConverter.ToUInt32(raw, 120) : BitConverter.ToUInt64(raw, 120);
                    int nameLength = BitConverter.ToUInt16(raw, 64);
                    if (raw[66] != 0 && (nameLength > 64 || nameLength % 2 != 0))
                    {
                        throw new CompoundFileFormatException("Directory entry " + entries.Count + " has a name length of " + nameLength + " bytes (at most 64, even).");
                    }

                    entries.Add(new CompoundFileEntry(entries.Count, raw, (long)Math.Min(size, (ulong)long.MaxValue >> 8)));
                }
            }

            if (!entries[0].IsRoot)
            {
                throw new CompoundFileFormatException("The first directory entry is not the root storage.");
            }

            return entries;
        }

        private void ReadMiniFat(uint firstSector, uint sectorCount)
        {
            if (sectorCount == 0)
            {
                return;
            }

            if (sectorCount > _sectorCount)
            {
                throw new CompoundFileFormatException("The header lists " + sectorCount + " mini FAT sectors; the file has " + _sectorCount + " sectors.");
            }

            uint[] sectors = FollowOpenChain(_fat, firstSector, sectorCount, "the mini FAT");
            _miniFat = new uint[(long)sectors.Length * (SectorSize / 4)];
            for (int i = 0; i < sectors.Length; i++)
            {
                Buffer.BlockCopy(ReadSector(sectors[i], "mini FAT sector " + sectors[i]), 0, _miniFat, i * SectorSize, SectorSize);
            }
        }

        /// <summary>Links every storage to its children (the red-black tree of each storage, walked without recursion); each entry is reachable once.</summary>
        private bool[] BuildTree(List<CompoundFileEntry> entries)
        {
            var reached = new bool[entries.Count];
            reached[0] = true;
            var storages = new Stack<KeyValuePair<CompoundFileEntry, int>>();
            storages.Push(new KeyValuePair<CompoundFileEntry, int>(entries[0], 0));
            while (storages.Count > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                KeyValuePair<CompoundFileEntry, int> storage = storages.Pop();
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var nodes = new Stack<uint>();
                nodes.Push(storage.Key.Child);
                while (nodes.Count > 0)
                {
                    uint id = nodes.Pop();
                    if (id == NoStream)
                    {
                        continue;
                    }

                    if (id >= entries.Count || reached[id])
                    {
                        throw new CompoundFileFormatException("The directory tree under '" + storage.Key.Name + "' refers to entry " + id + ", which " + (id >= entries.Count ? "does not exist" : "is already in the tree (a loop or a shared entry)") + ".");
                    }

                    reached[id] = true;
                    CompoundFileEntry entry = entries[(int)id];
                    if (entry.ObjectType != CompoundFileEntry.StorageType && entry.ObjectType != CompoundFileEntry.StreamType)
                    {
                        throw new CompoundFileFormatException("Directory entry " + id + " is in the tree but is neither a storage nor a stream (type " + entry.ObjectType + ").");
                    }

                    if (!names.Add(entry.Name))
                    {
                        throw new CompoundFileFormatException("The storage '" + storage.Key.Name + "' holds two entries named '" + entry.Name + "'.");
                    }

                    storage.Key.Children.Add(entry);
                    nodes.Push(entry.LeftSibling);
                    nodes.Push(entry.RightSibling);
                    if (entry.ObjectType == CompoundFileEntry.StorageType)
                    {
                        if (storage.Value + 1 > MaxStorageDepth)
                        {
                            throw new CompoundFileFormatException("Storages are nested deeper than " + MaxStorageDepth + " levels.");
                        }

                        storages.Push(new KeyValuePair<CompoundFileEntry, int>(entry, storage.Value + 1));
                    }
                }
            }

            return reached;
        }

        /// <summary>Follows the chain of every stream in the tree, so that a broken chain is found now and every sector in use is counted; returns the mini sectors in use.</summary>
        private bool[] CheckStreamChains(List<CompoundFileEntry> entries)
        {
            long miniSectorCount = (Root.Size + MiniSectorSize - 1) / MiniSectorSize;
            var miniSectorsInUse = new bool[_miniFat.Length];
            var pending = new Stack<CompoundFileEntry>();
            pending.Push(Root);
            while (pending.Count > 0)
            {
                foreach (CompoundFileEntry child in pending.Pop().Children)
                {
                    if (!child.IsStream)
                    {
                        pending.Push(child);
                    }
                    else if (child.Size >= MiniStreamCutoff)
                    {
                        Chain(child.StartSector, child.Size, "stream '" + child.Name + "'");
                    }
                    else
                    {
                        foreach (uint miniSector in FollowChain(_miniFat, child.StartSector, (child.Size + MiniSectorSize - 1) / MiniSectorSize, miniSectorCount, "stream '" + child.Name + "' in the mini stream"))
                        {
                            miniSectorsInUse[miniSector] = true;
                        }
                    }
                }
            }

            return miniSectorsInUse;
        }

        /// <summary>The FAT chain of a stream of <paramref name="size"/> bytes, each sector marked as reached.</summary>
        private uint[] Chain(uint start, long size, string what)
        {
            uint[] sectors = FollowChain(_fat, start, (size + SectorSize - 1) >> _sectorShift, _sectorCount, what);
            foreach (uint sector in sectors)
            {
                Reach(sector);
            }

            return sectors;
        }

        /// <summary>A chain of exactly <paramref name="count"/> sectors ending in ENDOFCHAIN, each below <paramref name="limit"/> and none visited twice.</summary>
        private uint[] FollowChain(uint[] table, uint start, long count, long limit, string what)
        {
            if (count > limit || count > table.Length)
            {
                throw new CompoundFileFormatException("The size of " + what + " needs " + count + " sectors, more than the " + Math.Min(limit, table.Length) + " there are.");
            }

            var sectors = new uint[count];
            var seen = new HashSet<uint>();
            uint current = start;
            for (long i = 0; i < count; i++)
            {
                if ((i & 0xFFF) == 0)
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                }

                if (current >= limit || current >= table.Length || !seen.Add(current))
                {
                    throw new CompoundFileFormatException("The chain of " + what + " " + (current > MaxRegularSector ? "ends after " + i + " of its " + count + " sectors" : current >= limit || current >= table.Length ? "points to sector " + current + ", outside the file" : "loops back to sector " + current) + ".");
                }

                sectors[i] = current;
                current = table[current];
            }

            if (count > 0 && current != EndOfChain)
            {
                throw new CompoundFileFormatException("The chain of " + what + " goes on past the " + count + " sectors its size needs (sector " + current + " follows).");
            }

            return sectors;
        }

        /// <summary>A chain of unknown length, followed to ENDOFCHAIN, at most <paramref name="maximum"/> sectors, each marked as reached.</summary>
        private uint[] FollowOpenChain(uint[] table, uint start, long maximum, string what)
        {
            var sectors = new List<uint>();
            var seen = new HashSet<uint>();
            uint current = start;
            while (current != EndOfChain)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (sectors.Count >= maximum || current >= table.Length || current >= _sectorCount || !seen.Add(current))
                {
                    throw new CompoundFileFormatException("The chain of " + what + " " + (sectors.Count >= maximum ? "is longer than " + maximum + " sectors" : current >= table.Length || current >= _sectorCount ? "points to sector " + current + ", outside the file" : "loops back to sector " + current) + ".");
                }

                Reach(current);
                sectors.Add(current);
                current = table[current];
            }

            return sectors.ToArray();
        }
    }
}
