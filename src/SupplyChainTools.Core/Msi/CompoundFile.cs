using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>
    /// A read-only view of a Compound File Binary file ([MS-CFB]) over a seekable stream: the header, the DIFAT
    /// (with its chained sectors), the FAT, the mini FAT, the mini stream and the directory tree, for version 3
    /// (512-byte sectors) and version 4 (4096-byte sectors). Every chain is bounded by the sector count and
    /// loop-checked, every offset is checked against the file, and the work is cancellable. It records the last
    /// sector that any structure or stream reaches, so bytes past it (data no signature covers) can be reported.
    /// </summary>
    internal sealed partial class CompoundFile
    {
        public static readonly byte[] Signature = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

        private const uint MaxRegularSector = 0xFFFFFFFA;
        private const uint DifatSector = 0xFFFFFFFC;
        private const uint FatSector = 0xFFFFFFFD;
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint FreeSector = 0xFFFFFFFF;
        private const uint NoStream = 0xFFFFFFFF;
        private const int HeaderDifatCount = 109;
        private const int DirectoryEntrySize = 128;
        private const int MiniSectorSize = 64;
        private const int MaxDirectoryEntries = 1 << 20;
        private const int MaxStorageDepth = 64;

        private readonly Stream _stream;
        private readonly CancellationToken _cancellationToken;
        private readonly int _sectorShift;
        private readonly long _sectorCount;
        private uint[] _fat = Array.Empty<uint>();
        private uint[] _miniFat = Array.Empty<uint>();
        private uint[] _miniStreamSectors = Array.Empty<uint>();
        private long _lastReachedSector = -1;
        private bool[] _reached = Array.Empty<bool>();

        private CompoundFile(Stream stream, int majorVersion, int sectorShift, CancellationToken cancellationToken)
        {
            _stream = stream;
            _cancellationToken = cancellationToken;
            MajorVersion = majorVersion;
            _sectorShift = sectorShift;
            FileLength = stream.Length;
            _sectorCount = Math.Max(0, (FileLength - SectorSize + SectorSize - 1) >> sectorShift);
            _reached = new bool[_sectorCount];
        }

        public int MajorVersion { get; }

        public int SectorSize => 1 << _sectorShift;

        public long FileLength { get; }

        public uint MiniStreamCutoff { get; private set; }

        public CompoundFileEntry Root { get; private set; } = null!;

        /// <summary>The end of the last sector that the FAT, DIFAT, directory, mini FAT, mini stream or a stream reaches.</summary>
        public long ReachedLength => Math.Min(FileLength, (_lastReachedSector + 2) << _sectorShift);

        /// <summary>True when <paramref name="data"/> starts with the compound file signature.</summary>
        public static bool HasSignature(byte[] data)
        {
            if (data.Length < Signature.Length)
            {
                return false;
            }

            for (int i = 0; i < Signature.Length; i++)
            {
                if (data[i] != Signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads the structure of the compound file in <paramref name="stream"/>; throws <see cref="CompoundFileFormatException"/> when it is malformed.</summary>
        public static CompoundFile Open(Stream stream, CancellationToken cancellationToken)
        {
            if (stream.Length < 512)
            {
                throw new CompoundFileFormatException("The file is " + stream.Length + " bytes, too short for a compound file header (512 bytes).");
            }

            byte[] header = ReadExactly(stream, 0, 512, cancellationToken);
            if (!HasSignature(header))
            {
                throw new CompoundFileFormatException("The file does not start with the compound file signature.");
            }

            int major = BitConverter.ToUInt16(header, 26);
            int sectorShift = BitConverter.ToUInt16(header, 30);
            if (BitConverter.ToUInt16(header, 28) != 0xFFFE)
            {
                throw new CompoundFileFormatException("The header's byte order mark is not 0xFFFE.");
            }

            if (!((major == 3 && sectorShift == 9) || (major == 4 && sectorShift == 12)))
            {
                throw new CompoundFileFormatException("Version " + major + " with sector shift " + sectorShift + " is not a compound file version (3 with 512-byte or 4 with 4096-byte sectors).");
            }

            if (BitConverter.ToUInt16(header, 32) != 6)
            {
                throw new CompoundFileFormatException("The mini sector shift is " + BitConverter.ToUInt16(header, 32) + ", not 6.");
            }

            var file = new CompoundFile(stream, major, sectorShift, cancellationToken);
            file.MiniStreamCutoff = BitConverter.ToUInt32(header, 56);
            if (file.MiniStreamCutoff != 4096)
            {
                throw new CompoundFileFormatException("The mini stream cutoff is " + file.MiniStreamCutoff + ", not 4096.");
            }

            file.ReadFat(header);
            List<CompoundFileEntry> entries = file.ReadDirectory(BitConverter.ToUInt32(header, 48));
            file.ReadMiniFat(BitConverter.ToUInt32(header, 60), BitConverter.ToUInt32(header, 64));
            file.Root = entries[0];
            file._miniStreamSectors = file.Root.Size == 0 ? Array.Empty<uint>() : file.Chain(file.Root.StartSector, file.Root.Size, "the mini stream");
            bool[] entriesInTree = file.BuildTree(entries);
            bool[] miniSectorsInUse = file.CheckStreamChains(entries);
            file.CheckUnusedSpace(header, entries, entriesInTree, miniSectorsInUse);
            return file;
        }

        /// <summary>Writes the content of <paramref name="entry"/> (a stream) to <paramref name="write"/>, a chunk at a time.</summary>
        public void ReadStream(CompoundFileEntry entry, Action<byte[], int, int> write)
        {
            if (entry.Size < MiniStreamCutoff)
            {
                ReadMiniStream(entry, write);
                return;
            }

            uint[] sectors = Chain(entry.StartSector, entry.Size, "stream '" + entry.Name + "'");
            long remaining = entry.Size;
            var buffer = new byte[SectorSize];
            foreach (uint sector in sectors)
            {
                int count = (int)Math.Min(remaining, SectorSize);
                ReadInto(SectorOffset(sector), buffer, 0, count, "stream '" + entry.Name + "'");
                write(buffer, 0, count);
                remaining -= count;
            }
        }

        /// <summary>The whole content of a stream no longer than <paramref name="maximumLength"/>; null when it is longer.</summary>
        public byte[]? ReadStreamBytes(CompoundFileEntry entry, long maximumLength)
        {
            if (entry.Size > maximumLength)
            {
                return null;
            }

            var bytes = new byte[entry.Size];
            int position = 0;
            ReadStream(entry, (buffer, offset, count) =>
            {
                Buffer.BlockCopy(buffer, offset, bytes, position, count);
                position += count;
            });
            return bytes;
        }

        private void ReadMiniStream(CompoundFileEntry entry, Action<byte[], int, int> write)
        {
            long miniSectorCount = (Root.Size + MiniSectorSize - 1) / MiniSectorSize;
            uint[] miniSectors = FollowChain(_miniFat, entry.StartSector, (entry.Size + MiniSectorSize - 1) / MiniSectorSize, miniSectorCount, "stream '" + entry.Name + "' in the mini stream");
            long remaining = entry.Size;
            var buffer = new byte[MiniSectorSize];
            foreach (uint miniSector in miniSectors)
            {
                long streamOffset = (long)miniSector * MiniSectorSize;
                uint sector = _miniStreamSectors[streamOffset >> _sectorShift];
                int count = (int)Math.Min(remaining, MiniSectorSize);
                ReadInto(SectorOffset(sector) + (streamOffset & (SectorSize - 1)), buffer, 0, count, "stream '" + entry.Name + "'");
                write(buffer, 0, count);
                remaining -= count;
            }
        }

        private long SectorOffset(uint sector) => ((long)sector + 1) << _sectorShift;

        private void Reach(uint sector)
        {
            if (sector >= _sectorCount)
            {
                throw new CompoundFileFormatException("Sector " + sector + " lies beyond the end of the file (" + _sectorCount + " sectors).");
            }

            _lastReachedSector = Math.Max(_lastReachedSector, sector);
            _reached[sector] = true;
        }

        private byte[] ReadSector(uint sector, string what)
        {
            Reach(sector);
            var buffer = new byte[SectorSize];
            int available = (int)Math.Min(SectorSize, FileLength - SectorOffset(sector));
            ReadInto(SectorOffset(sector), buffer, 0, available, what);
            return buffer;
        }

        private void ReadInto(long offset, byte[] buffer, int index, int count, string what)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (offset < 0 || offset + count > FileLength)
            {
                throw new CompoundFileFormatException("The data of " + what + " runs past the end of the file (offset " + offset + ", " + count + " bytes).");
            }

            _stream.Position = offset;
            int done = 0;
            while (done < count)
            {
                int read = _stream.Read(buffer, index + done, count - done);
                if (read <= 0)
                {
                    throw new CompoundFileFormatException("The file ended while reading " + what + ".");
                }

                done += read;
            }
        }

        private static byte[] ReadExactly(Stream stream, long offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = new byte[count];
            stream.Position = offset;
            int done = 0;
            while (done < count)
            {
                int read = stream.Read(buffer, done, count - done);
                if (read <= 0)
                {
                    throw new CompoundFileFormatException("The file ended inside the compound file header.");
                }

                done += read;
            }

            return buffer;
        }
    }
}
