using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace SupplyChainTools.Core.Dependencies.Cargo
{
    /// <summary>One [[package]] of a Cargo.lock: name, version, source and checksum as recorded, and its line.</summary>
    internal sealed class CargoPackage
    {
        public CargoPackage(string name, string? version, string? source, string? checksum, int line)
        {
            Name = name;
            Version = version;
            Source = source;
            Checksum = checksum;
            Line = line;
        }

        public string Name { get; }

        public string? Version { get; }

        public string? Source { get; }

        public string? Checksum { get; }

        public int Line { get; }
    }

    /// <summary>Cargo.lock read with Tomlyn's syntax parser (so every package keeps its line); bounded in packages.</summary>
    internal static class CargoLockFile
    {
        public const int MaximumPackages = 200_000;

        public static List<CargoPackage> Read(DependencyFile file, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            DocumentSyntax document = SyntaxParser.Parse(text, file.FullPath, true);
            if (document.HasErrors)
            {
                DiagnosticMessage first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
                throw new DependencyFileFormatException(file.FullPath, first.Span.Start.Line + 1, "Not valid TOML: " + first.Message);
            }

            var packages = new List<CargoPackage>();
            foreach (TableSyntaxBase table in document.Tables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (table is not TableArraySyntax || table.Name?.ToString().Trim() != "package")
                {
                    continue;
                }

                if (packages.Count >= MaximumPackages)
                {
                    throw new DependencyFileFormatException(file.FullPath, table.Span.Start.Line + 1, "The lock file lists more than " + MaximumPackages + " packages.");
                }

                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (KeyValueSyntax item in table.Items)
                {
                    if (item.Key != null && item.Value is StringValueSyntax value && value.Value != null)
                    {
                        values[item.Key.ToString().Trim()] = value.Value;
                    }
                }

                if (!values.TryGetValue("name", out string? name))
                {
                    throw new DependencyFileFormatException(file.FullPath, table.Span.Start.Line + 1, "A [[package]] has no name.");
                }

                values.TryGetValue("version", out string? version);
                values.TryGetValue("source", out string? source);
                values.TryGetValue("checksum", out string? checksum);
                packages.Add(new CargoPackage(name, version, source, checksum, table.Span.Start.Line + 1));
            }

            return packages;
        }
    }
}
