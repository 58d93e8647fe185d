using System;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Dependencies.Docker
{
    /// <summary>
    /// A container image reference ([registry[:port]/]name[:tag][@digest]) and whether it is pinned: only a full
    /// sha256 digest (64 hex digits) names one image for ever; a tag, "latest" or a truncated digest do not.
    /// </summary>
    internal static class ImageReference
    {
        private static readonly Regex Digest = new Regex("@sha256:[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant);

        public static bool IsPinned(string image) => Digest.IsMatch(image.Trim());

        /// <summary>True when the reference is an expression or variable this audit cannot resolve (${{ matrix.image }}, $IMAGE).</summary>
        public static bool IsUnresolved(string image) => image.IndexOf("${{", StringComparison.Ordinal) >= 0 || image.IndexOf('$') >= 0;

        /// <summary>The image name without tag or digest ("registry:5000/team/base").</summary>
        public static string Name(string image)
        {
            string name = image.Trim();
            int at = name.IndexOf('@');
            if (at >= 0)
            {
                name = name.Substring(0, at);
            }

            int slash = name.LastIndexOf('/');
            int colon = name.LastIndexOf(':');
            return colon > slash ? name.Substring(0, colon) : name;
        }

        /// <summary>What the reference asks for: its tag, its (truncated) digest, or "latest" when it names neither.</summary>
        public static string Requested(string image)
        {
            string trimmed = image.Trim();
            int at = trimmed.IndexOf('@');
            if (at >= 0)
            {
                return trimmed.Substring(at + 1);
            }

            string name = Name(trimmed);
            return trimmed.Length > name.Length + 1 ? trimmed.Substring(name.Length + 1) : "latest";
        }
    }
}
