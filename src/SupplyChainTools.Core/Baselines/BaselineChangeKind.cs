using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>The change kinds of docs/baseline-format.md, their severities and their bits in the exit code.</summary>
    public static class BaselineChangeKind
    {
        public const string SignatureRemoved = "SignatureRemoved";
        public const string SignatureBroken = "SignatureBroken";
        public const string SignerChanged = "SignerChanged";
        public const string UnsignedAdded = "UnsignedAdded";
        public const string ContentChanged = "ContentChanged";
        public const string Added = "Added";
        public const string Removed = "Removed";
        public const string TypeChanged = "TypeChanged";
        public const string BecameExecutable = "BecameExecutable";
        public const string UpdatedSameSigner = "UpdatedSameSigner";
        public const string Downgraded = "Downgraded";
        public const string Moved = "Moved";
        public const string PermissionsChanged = "PermissionsChanged";
        public const string OwnerChanged = "OwnerChanged";
        public const string MetadataChanged = "MetadataChanged";
        /// <summary>The entry exists but could not be read now, so its content cannot be checked.</summary>
        public const string Unreadable = "Unreadable";

        public const string Critical = "Critical";
        public const string High = "High";
        public const string Info = "Info";

        /// <summary>Exit-code bits: 1 added, 2 removed, 4 changed, 8 a Critical finding, 16 the baseline could not be trusted.</summary>
        public const int ExitAdded = 1;
        public const int ExitRemoved = 2;
        public const int ExitChanged = 4;
        public const int ExitCritical = 8;
        public const int ExitUntrusted = 16;

        public static IReadOnlyList<string> All { get; } = new[]
        {
            SignatureRemoved, SignatureBroken, SignerChanged, UnsignedAdded, ContentChanged, Added, Removed, TypeChanged,
            BecameExecutable, UpdatedSameSigner, Downgraded, Moved, PermissionsChanged, OwnerChanged, MetadataChanged, Unreadable,
        };

        public static string SeverityOf(string kind)
        {
            switch (kind)
            {
                case SignatureRemoved:
                case SignatureBroken:
                case SignerChanged:
                case UnsignedAdded:
                    return Critical;
                case UpdatedSameSigner:
                case Moved:
                case MetadataChanged:
                    return Info;
                case ContentChanged:
                case Added:
                case Removed:
                case TypeChanged:
                case BecameExecutable:
                case Downgraded:
                case PermissionsChanged:
                case OwnerChanged:
                case Unreadable:
                    return High;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown change kind.");
            }
        }

        /// <summary>The exit-code bits one finding of this kind sets.</summary>
        public static int ExitBitsOf(string kind)
        {
            // Only times or file id changed, the content and attributes did not: reported, but not drift (a copy of
            // a golden image on another machine always differs there).
            if (kind == MetadataChanged)
            {
                return 0;
            }

            int bits = kind == Added || kind == UnsignedAdded ? ExitAdded : kind == Removed ? ExitRemoved : ExitChanged;
            return SeverityOf(kind) == Critical ? bits | ExitCritical : bits;
        }
    }
}
