using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SupplyChainTools.Core.FileSystem
{
    /// <summary>The kind of a file system entry, as far as the platform can tell.</summary>
    public enum FileKind
    {
        Unknown = 0,
        RegularFile,
        Directory,
        SymbolicLink,
        NamedPipe,
        CharacterDevice,
        BlockDevice,
        Socket,
    }

    /// <summary>
    /// What stat(2) says about a path: the file kind (so a walk never opens a FIFO, which would block
    /// forever, or a device such as /dev/zero, which never ends), mode, owner, ctime and file id.
    /// .NET has no public API for these on Unix; the runtime's own native shim (libSystem.Native, shipped
    /// with every .NET on Unix) exports stat with a layout the runtime defines, which we check against
    /// FileInfo once before trusting it.
    /// </summary>
    public sealed class FileStatus
    {
        private FileStatus(FileKind kind, long length, int mode, uint ownerId, uint groupId, DateTime lastWriteTimeUtc, DateTime changeTimeUtc, long device, long inode)
        {
            Kind = kind;
            Length = length;
            Mode = mode;
            OwnerId = ownerId;
            GroupId = groupId;
            LastWriteTimeUtc = lastWriteTimeUtc;
            ChangeTimeUtc = changeTimeUtc;
            Device = device;
            Inode = inode;
        }

        public FileKind Kind { get; }
        public long Length { get; }
        /// <summary>Permission bits (including setuid/setgid/sticky), without the file-type bits.</summary>
        public int Mode { get; }
        public uint OwnerId { get; }
        public uint GroupId { get; }
        public DateTime LastWriteTimeUtc { get; }
        public DateTime ChangeTimeUtc { get; }
        public long Device { get; }
        public long Inode { get; }

        /// <summary>True where native stat is available and verified (Linux, macOS on .NET 8+).</summary>
        public static bool IsSupported => NativeStat.Available;

        /// <summary>stat (follows links) or lstat; null when the platform cannot tell or the path does not exist.</summary>
        public static FileStatus? TryGet(string path, bool followLinks)
        {
            if (!NativeStat.Available)
            {
                return null;
            }

            return NativeStat.TryStat(path, followLinks, out NativeStat.RawStatus raw) ? FromRaw(raw) : null;
        }

        /// <summary>fstat of an opened file; null where the platform cannot tell.</summary>
        public static FileStatus? TryGet(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            if (!NativeStat.Available)
            {
                return null;
            }

            return NativeStat.TryFStat(handle, out NativeStat.RawStatus raw) ? FromRaw(raw) : null;
        }

        /// <summary>
        /// Whether reading the file can end: regular files can, pipes, sockets and devices may block or never end.
        /// Where the platform cannot tell (Windows, .NET Framework), every file the file system lists is treated as regular.
        /// </summary>
        public static FileKind GetKindFollowingLinks(string path)
        {
            FileStatus? status = TryGet(path, followLinks: true);
            if (status != null)
            {
                return status.Kind;
            }

            if (Directory.Exists(path))
            {
                return FileKind.Directory;
            }

            return File.Exists(path) ? FileKind.RegularFile : FileKind.Unknown;
        }

        private static FileStatus FromRaw(NativeStat.RawStatus raw)
        {
            FileKind kind;
            switch (raw.Mode & NativeStat.TypeMask)
            {
                case NativeStat.TypeRegular: kind = FileKind.RegularFile; break;
                case NativeStat.TypeDirectory: kind = FileKind.Directory; break;
                case NativeStat.TypeSymbolicLink: kind = FileKind.SymbolicLink; break;
                case NativeStat.TypeFifo: kind = FileKind.NamedPipe; break;
                case NativeStat.TypeCharacterDevice: kind = FileKind.CharacterDevice; break;
                case NativeStat.TypeBlockDevice: kind = FileKind.BlockDevice; break;
                case NativeStat.TypeSocket: kind = FileKind.Socket; break;
                default: kind = FileKind.Unknown; break;
            }

            return new FileStatus(
                kind,
                raw.Size,
                raw.Mode & 0xFFF,
                raw.Uid,
                raw.Gid,
                FromUnixTime(raw.MTime, raw.MTimeNsec),
                FromUnixTime(raw.CTime, raw.CTimeNsec),
                raw.Dev,
                raw.Ino);
        }

        private static DateTime FromUnixTime(long seconds, long nanoseconds)
        {
            // Clamp rather than throw: a file stamped in the far future is data, not an error.
            const long maxSeconds = 253402300799; // 9999-12-31T23:59:59Z
            const long minSeconds = -62135596800; // 0001-01-01T00:00:00Z
            long clamped = Math.Max(minSeconds, Math.Min(maxSeconds, seconds));
            long ticks = ((clamped - minSeconds) * TimeSpan.TicksPerSecond) + (Math.Max(0, Math.Min(999999999, nanoseconds)) / 100);
            return new DateTime(Math.Min(ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
        }

        private static class NativeStat
        {
            public const int TypeMask = 0xF000;
            public const int TypeFifo = 0x1000;
            public const int TypeCharacterDevice = 0x2000;
            public const int TypeDirectory = 0x4000;
            public const int TypeBlockDevice = 0x6000;
            public const int TypeRegular = 0x8000;
            public const int TypeSymbolicLink = 0xA000;
            public const int TypeSocket = 0xC000;

            public static readonly bool Available = Probe();

            [StructLayout(LayoutKind.Sequential)]
            public struct RawStatus
            {
                public int Flags;
                public int Mode;
                public uint Uid;
                public uint Gid;
                public long Size;
                public long ATime;
                public long ATimeNsec;
                public long MTime;
                public long MTimeNsec;
                public long CTime;
                public long CTimeNsec;
                public long BirthTime;
                public long BirthTimeNsec;
                public long Dev;
                public long RDev;
                public long Ino;
                public uint UserFlags;
            }

            public static bool TryStat(string path, bool followLinks, out RawStatus status)
            {
                status = default;
#if NET
                try
                {
                    int rc = followLinks ? Stat(path, out status) : LStat(path, out status);
                    return rc == 0;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    return false;
                }
#else
                return false;
#endif
            }

            public static bool TryFStat(Microsoft.Win32.SafeHandles.SafeFileHandle handle, out RawStatus status)
            {
                status = default;
#if NET
                try
                {
                    return FStat(handle, out status) == 0;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    return false;
                }
#else
                return false;
#endif
            }

            private static bool Probe()
            {
#if NET
                if (OperatingSystem.IsWindows())
                {
                    return false;
                }

                try
                {
                    // Check the layout against what .NET itself reports for a file that surely exists.
                    string probePath = typeof(object).Assembly.Location;
                    if (string.IsNullOrEmpty(probePath) || !File.Exists(probePath))
                    {
                        return false;
                    }

                    var info = new FileInfo(probePath);
                    if (Stat(probePath, out RawStatus raw) != 0)
                    {
                        return false;
                    }

                    long expectedSeconds = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds();
                    return raw.Size == info.Length
                        && raw.MTime == expectedSeconds
                        && (raw.Mode & TypeMask) == TypeRegular
                        && raw.Ino != 0;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
                {
                    return false;
                }
#else
                return false;
#endif
            }

#if NET
            [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
            private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out RawStatus output);

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
            private static extern int FStat(Microsoft.Win32.SafeHandles.SafeFileHandle fd, out RawStatus output);

            [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
            private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out RawStatus output);
#endif
        }
    }
}
