namespace SupplyChainTools.Core.Archives
{
    /// <summary>One central-directory record of a zip archive and where its bytes lie in the file (APPNOTE 4.3.12).</summary>
    internal sealed class ZipEntryRecord
    {
        /// <summary>The name as stored (UTF-8 when bit 11 is set, otherwise code page 437 read as Latin-1).</summary>
        public string Name { get; internal set; } = string.Empty;

        public ushort Flags { get; internal set; }

        public ushort CompressionMethod { get; internal set; }

        public uint Crc32 { get; internal set; }

        public long CompressedSize { get; internal set; }

        public long UncompressedSize { get; internal set; }

        /// <summary>Offset of the local file header.</summary>
        public long LocalHeaderOffset { get; internal set; }

        /// <summary>Offset and length of this record in the central directory.</summary>
        public long CentralRecordOffset { get; internal set; }

        public int CentralRecordLength { get; internal set; }

        public int CentralExtraFieldLength { get; internal set; }

        public int CommentLength { get; internal set; }

        public ushort DiskNumberStart { get; internal set; }

        public ushort InternalAttributes { get; internal set; }

        public uint ExternalAttributes { get; internal set; }

        /// <summary>Set by <see cref="ZipArchiveReader.ReadLocalHeader"/>: the local header's flags, CRC-32 and sizes as stored there.</summary>
        public ushort LocalFlags { get; internal set; }

        public uint LocalCrc32 { get; internal set; }

        public long LocalCompressedSize { get; internal set; }

        public long LocalUncompressedSize { get; internal set; }

        /// <summary>True when a ZIP64 extended-information field supplied a size or the offset.</summary>
        public bool UsesZip64 { get; internal set; }

        /// <summary>Set by <see cref="ZipArchiveReader.ReadLocalHeader"/>: the local header's length (30 + name + extra).</summary>
        public int LocalHeaderLength { get; internal set; }

        public int LocalExtraFieldLength { get; internal set; }

        /// <summary>Set by <see cref="ZipArchiveReader.ReadLocalHeader"/>: the end of the entry (data and any data descriptor).</summary>
        public long EntryEndOffset { get; internal set; }

        public long DataOffset => LocalHeaderOffset + LocalHeaderLength;

        public bool HasDataDescriptor => (Flags & 0x0008) != 0;

        public bool IsEncrypted => (Flags & 0x0001) != 0;
    }
}
