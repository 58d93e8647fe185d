using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>One [[package]] of a uv.lock or poetry.lock: its name, version, where it comes from, whether any file has a hash, and its line.</summary>
    internal sealed class PythonLockedPackage
    {
        public PythonLockedPackage(string name, string? version, string sourceKind, string? sourceText, bool hasHash, int line)
        {
            Name = name;
            Version = version;
            SourceKind = sourceKind;
            SourceText = sourceText;
            HasHash = hasHash;
            Line = line;
        }

        public string Name { get; }

        public string? Version { get; }

        /// <summary>registry, url, git, or local (a path, directory, editable or virtual package of the project itself).</summary>
        public string SourceKind { get; }

        public string? SourceText { get; }

        public bool HasHash { get; }

        public int Line { get; }
    }

    /// <summary>
    /// uv.lock and poetry.lock read with Tomlyn's syntax parser, so every package keeps its line; bounded in packages.
    /// uv writes <c>source = { registry | git | url | path | directory | editable | virtual = ... }</c> and the hashes of
    /// its <c>sdist</c> and <c>wheels</c>; poetry writes <c>files = [{ file, hash }]</c> and a <c>[package.source]</c>
    /// table (type git, url, file, directory, legacy) for anything not from PyPI.
    /// </summary>
    internal static class PythonLockFile
    {
        public const int MaximumPackages = 200_000;

        public static bool IsLockFile(DependencyFile file) =>
            string.Equals(file.Name, "uv.lock", StringComparison.OrdinalIgnoreCase) || string.Equals(file.Name, "poetry.lock", StringComparison.OrdinalIgnoreCase);

        public static List<PythonLockedPackage> Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DocumentSyntax document = SyntaxParser.Parse(file.ReadText(cancellationToken), file.FullPath, true);
            if (document.HasErrors)
            {
                DiagnosticMessage first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
                throw new DependencyFileFormatException(file.FullPath, first.Span.Start.Line + 1, "Not valid TOML: " + first.Message);
            }

            var packages = new List<PythonLockedPackage>();
            var pending = new Dictionary<string, string>(StringComparer.Ordinal);
            int line = 0;
            foreach (TableSyntaxBase table in document.Tables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string tableName = table.Name?.ToString().Trim() ?? string.Empty;
                if (table is TableArraySyntax && tableName == "package")
                {
                    Complete(file, packages, pending, line);
                    pending = Values(table);
                    line = table.Span.Start.Line + 1;
                }
                else if (tableName == "package.source" && line > 0)
                {
                    // poetry: the source of the [[package]] above.
                    Dictionary<string, string> source = Values(table);
                    source.TryGetValue("type", out string? type);
                    source.TryGetValue("url", out string? url);
                    pending["source"] = "{ " + (type == null ? "unknown" : Unquote(type)) + " = " + (url ?? "\"\"") + " }";
                }
            }

            Complete(file, packages, pending, line);
            return packages;
        }

        private static void Complete(DependencyFile file, List<PythonLockedPackage> packages, Dictionary<string, string> values, int line)
        {
            if (line == 0)
            {
                return;
            }

            if (packages.Count >= MaximumPackages)
            {
                throw new DependencyFileFormatException(file.FullPath, line, "The lock file lists more than " + MaximumPackages + " packages.");
            }

            if (!values.TryGetValue("name", out string? name))
            {
                throw new DependencyFileFormatException(file.FullPath, line, "A [[package]] has no name.");
            }

            values.TryGetValue("version", out string? version);
            values.TryGetValue("source", out string? source);
            bool hasHash = new[] { "sdist", "wheels", "files" }.Any(key => values.TryGetValue(key, out string? text) && text.IndexOf("sha256:", StringComparison.OrdinalIgnoreCase) >= 0);
            packages.Add(new PythonLockedPackage(Unquote(name), version == null ? null : Unquote(version), KindOf(source), source, hasHash, line));
        }

        /// <summary>The keys of a table with their values as written (strings unquoted later; inline tables and arrays as text).</summary>
        private static Dictionary<string, string> Values(TableSyntaxBase table)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValueSyntax item in table.Items.OfType<KeyValueSyntax>())
            {
                if (item.Key != null && item.Value != null)
                {
                    values[item.Key.ToString().Trim()] = item.Value is StringValueSyntax text && text.Value != null ? "\"" + text.Value + "\"" : item.Value.ToString().Trim();
                }
            }

            return values;
        }

        private static string KindOf(string? source)
        {
            if (source == null)
            {
                return "registry"; // poetry writes no source for PyPI
            }

            string text = source.TrimStart('{', ' ');
            foreach (string kind in new[] { "registry", "legacy", "git", "url", "file" })
            {
                if (text.StartsWith(kind, StringComparison.OrdinalIgnoreCase))
                {
                    return kind == "legacy" ? "registry" : kind == "file" ? "url" : kind;
                }
            }

            return "local";
        }

        private static string Unquote(string value) => value.Trim().Trim('"');
    }
}
