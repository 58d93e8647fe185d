using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>
    /// Where a compound file could hold bytes that no signature covers although they are "in use": the allocation
    /// tables and the directory are not signed, so [MS-CFB]'s rules for their unused parts are checked. Entries for
    /// sectors nothing uses must be FREESECT (2.3, 2.4), FAT and DIFAT sectors must be marked FATSECT and DIFSECT,
    /// unused DIFAT slots FREESECT (2.5), free directory entries zero (2.6), and every allocated entry must be in the
    /// tree. Otherwise data glued on past the last sector could be made to look "in use" by listing it as one more
    /// FAT, DIFAT or directory sector. (The slack at the end of a stream's last sector and free sectors between used
    /// ones are not covered by any signature either, as on Windows.)
    /// </summary>
    internal sealed partial class CompoundFile
    {
        private readonly List<string> _uncovered = new List<string>();
        private readonly HashSet<uint> _fatSectors = new HashSet<uint>();
        private readonly HashSet<uint> _difatSectors = new HashSet<uint>();
        private long _unusedDifatSlotsInUse;

        /// <summary>Bytes inside the structure that no signature covers and that [MS-CFB] says must be empty, one sentence each.</summary>
        public IReadOnlyList<string> UncoveredStructureData => _uncovered;

        private void CheckUnusedSpace(byte[] header, List<CompoundFileEntry> entries, bool[] entriesInTree, bool[] miniSectorsInUse)
        {
            long misdescribed = 0;
            for (long i = 0; i < _fat.Length; i++)
            {
                uint expected = _fatSectors.Contains((uint)i) ? FatSector : _difatSectors.Contains((uint)i) ? DifatSector : FreeSector;
                bool inChain = i < _sectorCount && _reached[i] && expected == FreeSector;
                if (!inChain && _fat[i] != expected)
                {
                    misdescribed++;
                }
            }

            if (misdescribed > 0)
            {
                _uncovered.Add(misdescribed + " FAT entries describe sectors that nothing in the file uses, or do not mark the FAT and DIFAT sectors as such; [MS-CFB] requires FREESECT, FATSECT and DIFSECT there, and no signature covers the FAT.");
            }

            uint fatSectorCount = BitConverter.ToUInt32(header, 44);
            for (int i = (int)Math.Min(fatSectorCount, HeaderDifatCount); i < HeaderDifatCount; i++)
            {
                _unusedDifatSlotsInUse += BitConverter.ToUInt32(header, 76 + (4 * i)) != FreeSector ? 1 : 0;
            }

            if (_unusedDifatSlotsInUse > 0)
            {
                _uncovered.Add(_unusedDifatSlotsInUse + " unused DIFAT entries are not FREESECT; no signature covers the DIFAT.");
            }

            long miniMisdescribed = 0;
            for (int i = 0; i < _miniFat.Length; i++)
            {
                // osslsigncode leaves ENDOFCHAIN in the entry after the last mini sector; neither value can carry data.
                miniMisdescribed += !miniSectorsInUse[i] && _miniFat[i] != FreeSector && _miniFat[i] != EndOfChain ? 1 : 0;
            }

            if (miniMisdescribed > 0)
            {
                _uncovered.Add(miniMisdescribed + " mini FAT entries describe mini sectors that no stream uses; [MS-CFB] requires FREESECT there (ENDOFCHAIN is tolerated), and no signature covers the mini FAT.");
            }

            int dirtyFree = 0, orphans = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                if (entriesInTree[i])
                {
                    continue;
                }

                if (entries[i].ObjectType != 0)
                {
                    orphans++;
                }
                else if (!IsEmptyFreeEntry(entries[i]))
                {
                    dirtyFree++;
                }
            }

            if (orphans > 0)
            {
                _uncovered.Add(orphans + " directory entries are allocated but not in the directory tree; no signature covers them or their streams.");
            }

            if (dirtyFree > 0)
            {
                _uncovered.Add(dirtyFree + " free directory entries hold data; [MS-CFB] requires them to be zero, and no signature covers the directory.");
            }
        }

        /// <summary>A free entry is zero but for its sibling and child fields, which are NOSTREAM (or zero).</summary>
        private static bool IsEmptyFreeEntry(CompoundFileEntry entry)
        {
            ArraySegment<byte> raw = entry.RawField(0, DirectoryEntrySize);
            for (int i = 0; i < DirectoryEntrySize; i++)
            {
                byte value = raw.Array![raw.Offset + i];
                if (i >= 68 && i < 80)
                {
                    uint field = BitConverter.ToUInt32(raw.Array, raw.Offset + 68 + (((i - 68) / 4) * 4));
                    if (field != NoStream && field != 0)
                    {
                        return false;
                    }
                }
                else if (value != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
