using System;
using System.IO;

namespace SupplyChainTools.Core.Scripts
{
    /// <summary>How a script type writes each line of its signature block.</summary>
    internal sealed class ScriptCommentSyntax
    {
        private static readonly ScriptCommentSyntax Hash = new ScriptCommentSyntax("# ", string.Empty);
        private static readonly ScriptCommentSyntax Xml = new ScriptCommentSyntax("<!-- ", " -->");
        private static readonly ScriptCommentSyntax CStyle = new ScriptCommentSyntax("/* ", " */");

        private ScriptCommentSyntax(string linePrefix, string lineSuffix)
        {
            LinePrefix = linePrefix;
            LineSuffix = lineSuffix;
            BeginMarkerLine = linePrefix + "SIG # Begin signature block" + lineSuffix;
            EndMarkerLine = linePrefix + "SIG # End signature block" + lineSuffix;
        }

        internal string LinePrefix { get; }

        internal string LineSuffix { get; }

        internal string BeginMarkerLine { get; }

        internal string EndMarkerLine { get; }

        /// <summary>The comment syntax for a path's extension, or null when the extension is not a signable script type.</summary>
        internal static ScriptCommentSyntax? ForPath(string path)
        {
            string extension = Path.GetExtension(path ?? string.Empty);
            if (Is(extension, ".ps1") || Is(extension, ".psm1") || Is(extension, ".psd1"))
            {
                return Hash;
            }

            if (Is(extension, ".ps1xml") || Is(extension, ".psc1") || Is(extension, ".cdxml"))
            {
                return Xml;
            }

            if (Is(extension, ".mof"))
            {
                return CStyle;
            }

            return null;
        }

        private static bool Is(string extension, string candidate) =>
            string.Equals(extension, candidate, StringComparison.OrdinalIgnoreCase);
    }
}
