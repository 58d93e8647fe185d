using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Msi
{
    /// <summary>One directory entry of a compound file ([MS-CFB] 2.6): a storage, a stream or the root storage.</summary>
    internal sealed class CompoundFileEntry
    {
        public const byte StorageType = 1;
        public const byte StreamType = 2;
        public const byte RootType = 5;

        private readonly byte[] _raw;

        internal CompoundFileEntry(int id, byte[] raw, long size)
        {
            Id = id;
            _raw = raw;
            Size = size;
            // The directory checks the length of every allocated entry; an unallocated one may hold anything.
            int nameLength = Math.Min((int)BitConverter.ToUInt16(raw, 64), 64) & ~1;
            NameBytes = new byte[Math.Max(0, nameLength - 2)];
            Array.Copy(raw, 0, NameBytes, 0, NameBytes.Length);
        }

        /// <summary>The entry's index in the directory.</summary>
        public int Id { get; }

        /// <summary>The name as stored: UTF-16LE code units without the terminating null.</summary>
        public byte[] NameBytes { get; }

        public string Name => System.Text.Encoding.Unicode.GetString(NameBytes);

        public byte ObjectType => _raw[66];

        public bool IsStream => ObjectType == StreamType;

        public bool IsRoot => ObjectType == RootType;

        public uint StartSector => BitConverter.ToUInt32(_raw, 116);

        /// <summary>The stream size (for version 3 files only its low 32 bits, as [MS-CFB] 2.6.3 requires).</summary>
        public long Size { get; }

        public IList<CompoundFileEntry> Children { get; } = new List<CompoundFileEntry>();

        internal uint LeftSibling => BitConverter.ToUInt32(_raw, 68);

        internal uint RightSibling => BitConverter.ToUInt32(_raw, 72);

        internal uint Child => BitConverter.ToUInt32(_raw, 76);

        /// <summary>Copies <paramref name="length"/> raw bytes of the entry from <paramref name="offset"/> (CLSID at 80, state bits at 96, times at 100).</summary>
        public ArraySegment<byte> RawField(int offset, int length) => new ArraySegment<byte>(_raw, offset, length);
    }
}
