using System;
using System.Collections.Generic;
using System.Globalization;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>Entry types as written in the file.</summary>
    public static class BaselineEntryType
    {
        public const string File = "file";
        public const string Directory = "directory";
        public const string SymbolicLink = "symlink";
        public const string NamedPipe = "fifo";
        public const string CharacterDevice = "chardev";
        public const string BlockDevice = "blockdev";
        public const string Socket = "socket";
        public const string Unknown = "unknown";

        internal static bool IsKnown(string type) =>
            type == File || type == Directory || type == SymbolicLink || type == NamedPipe
            || type == CharacterDevice || type == BlockDevice || type == Socket || type == Unknown;
    }

    /// <summary>The signer block: what the Authenticode verifier said about a file it could verify.</summary>
    public sealed class BaselineSigner
    {
        /// <param name="publisher">The recorded publisher identity; null derives it from <paramref name="signerSubject"/> (baselines of schema version 1 have none).</param>
        public BaselineSigner(string status, string? fileType, string? signerSubject, string? signerThumbprint, string? rootSubject, string? rootThumbprint, DateTime? timestampUtc, string? publisher = null)
        {
            Publisher = publisher ?? PublisherIdentity.FromSubject(signerSubject);
            Status = status;
            FileType = fileType;
            SignerSubject = signerSubject;
            SignerThumbprint = signerThumbprint;
            RootSubject = rootSubject;
            RootThumbprint = rootThumbprint;
            TimestampUtc = timestampUtc;
        }

        public string Status { get; }
        public string? FileType { get; }
        public string? SignerSubject { get; }
        public string? SignerThumbprint { get; }
        public string? RootSubject { get; }
        public string? RootThumbprint { get; }
        public DateTime? TimestampUtc { get; }

        public bool IsValid => Status == Authenticode.AuthenticodeStatus.Valid;

        public bool IsUnsigned => Status == Authenticode.AuthenticodeStatus.NotSigned;

        /// <summary>A signature is present but it no longer verifies: the bytes or the signature itself are wrong.</summary>
        public bool IsBroken =>
            Status == Authenticode.AuthenticodeStatus.HashMismatch || Status == Authenticode.AuthenticodeStatus.InvalidSignature
            || Status == Authenticode.AuthenticodeStatus.Malformed || Status == Authenticode.AuthenticodeStatus.UnexpectedData;

        /// <summary>The signer's publisher identity (see <see cref="PublisherIdentity"/>): O, or CN where there is no O.</summary>
        public string? Publisher { get; }

        /// <summary>The same leaf certificate under the same root.</summary>
        public bool SameCertificate(BaselineSigner other) =>
            SignerThumbprint != null && string.Equals(SignerThumbprint, other.SignerThumbprint, StringComparison.OrdinalIgnoreCase)
            && string.Equals(RootThumbprint ?? string.Empty, other.RootThumbprint ?? string.Empty, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The same signer under <paramref name="rule"/> (<see cref="SignerIdentityRule"/>). By publisher, a different
        /// leaf certificate is the same signer only when both signatures are Valid (so both chains end in a trusted
        /// root), the root is the same and the publisher identity is the same: an untrusted or self-signed certificate
        /// that copies a familiar name is never the same signer.
        /// </summary>
        public bool SameSigner(BaselineSigner other, string rule = SignerIdentityRule.Publisher)
        {
            if (SameCertificate(other))
            {
                return true;
            }

            return rule == SignerIdentityRule.Publisher && IsValid && other.IsValid
                && RootThumbprint != null && string.Equals(RootThumbprint, other.RootThumbprint, StringComparison.OrdinalIgnoreCase)
                && PublisherIdentity.Same(Publisher, other.Publisher);
        }
    }

    /// <summary>The PE version resource's identity strings, and the fixed numeric file version used for ordering.</summary>
    public sealed class BaselineVersion
    {
        public BaselineVersion(string? fileVersion, string? fileVersionNumber, string? productVersion, string? companyName, string? productName)
        {
            FileVersion = fileVersion;
            FileVersionNumber = fileVersionNumber;
            ProductVersion = productVersion;
            CompanyName = companyName;
            ProductName = productName;
        }

        public string? FileVersion { get; }
        /// <summary>VS_FIXEDFILEINFO's file version as a.b.c.d: the number Windows compares.</summary>
        public string? FileVersionNumber { get; }
        public string? ProductVersion { get; }
        public string? CompanyName { get; }
        public string? ProductName { get; }

        public string? Display => FileVersionNumber ?? FileVersion;

        /// <summary>Negative when this version is lower than <paramref name="other"/>; null when either has no numeric version.</summary>
        public int? CompareTo(BaselineVersion other)
        {
            if (!TryParse(FileVersionNumber, out Version? mine) || !TryParse(other.FileVersionNumber, out Version? theirs))
            {
                return null;
            }

            return mine!.CompareTo(theirs);
        }

        private static bool TryParse(string? text, out Version? version)
        {
            version = null;
            return text != null && Version.TryParse(text, out version);
        }
    }

    /// <summary>
    /// One entry of a baseline: a file system object under one of the baseline's roots, identified by the
    /// root's index and its '/'-separated path relative to that root.
    /// </summary>
    public sealed class BaselineEntry
    {
        public BaselineEntry(int tree, string path, string type)
        {
            Tree = tree;
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Type = type ?? throw new ArgumentNullException(nameof(type));
        }

        /// <summary>Index of the root (in the header's roots) the entry belongs to.</summary>
        public int Tree { get; }
        /// <summary>Relative path, '/'-separated, never empty, never starting with '/'.</summary>
        public string Path { get; }
        public string Type { get; }
        public bool IsDirectory => Type == BaselineEntryType.Directory;
        public bool IsFile => Type == BaselineEntryType.File;

        /// <summary>The name could not be decoded without loss (invalid UTF-8 on Unix): it holds U+FFFD and cannot be opened by that name.</summary>
        public bool PathLossy { get; set; }
        public string? LinkTarget { get; set; }
        public long? Size { get; set; }
        /// <summary>Permission bits, including setuid/setgid/sticky; null where the platform has none.</summary>
        public int? Mode { get; set; }
        public long? OwnerId { get; set; }
        public long? GroupId { get; set; }
        public DateTime? LastWriteTimeUtc { get; set; }
        public DateTime? ChangeTimeUtc { get; set; }
        public long? Device { get; set; }
        public long? Inode { get; set; }
        /// <summary>Algorithm name to uppercase hex digest.</summary>
        public IDictionary<string, string> Hashes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public BaselineSigner? Signer { get; set; }
        public BaselineVersion? Version { get; set; }
        /// <summary>Why the entry could not be captured completely (unreadable, changed while being read, ...).</summary>
        public string? Error { get; set; }

        public bool IsExecutable => Mode.HasValue && (Mode.Value & 0x49) != 0; // 0111

        public string? ModeText => Mode.HasValue ? Convert.ToString(Mode.Value, 8).PadLeft(4, '0') : null;

        public string? GetHash(string algorithm) => Hashes.TryGetValue(algorithm, out string? value) ? value : null;

        /// <summary>The key for the quick check: size, mtime, ctime and file id all present and equal.</summary>
        public bool SameQuickKey(BaselineEntry other) =>
            Size.HasValue && Size == other.Size
            && LastWriteTimeUtc.HasValue && LastWriteTimeUtc == other.LastWriteTimeUtc
            && ChangeTimeUtc.HasValue && ChangeTimeUtc == other.ChangeTimeUtc
            && Device.HasValue && Device == other.Device
            && Inode.HasValue && Inode == other.Inode;

        /// <summary>Takes hashes, signer and version from <paramref name="recorded"/> (the quick check's reuse).</summary>
        public void ReuseContentFrom(BaselineEntry recorded)
        {
            foreach (KeyValuePair<string, string> hash in recorded.Hashes)
            {
                Hashes[hash.Key] = hash.Value;
            }

            Signer = recorded.Signer;
            Version = recorded.Version;
        }

        public override string ToString() => Tree.ToString(CultureInfo.InvariantCulture) + ":" + Path;

        /// <summary>True for a path a baseline may hold: relative, '/'-separated, no empty, '.' or '..' component.</summary>
        public static bool IsValidRelativePath(string path)
        {
            try
            {
                BaselineEntryCodec.ValidatePath(path);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
