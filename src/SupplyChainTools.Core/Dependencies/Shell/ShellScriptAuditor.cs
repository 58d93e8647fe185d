using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>
    /// Shell scripts: *.sh, *.bash (and the other shells Scorecard names), and files without an extension in a
    /// scripts, bin, tools, hack or .ci folder whose first line is a shell shebang. The commands go to
    /// <see cref="ShellCommandCheck"/>.
    /// </summary>
    public sealed class ShellScriptAuditor : IDependencyFileAuditor
    {
        private static readonly string[] Extensions = { ".sh", ".bash", ".mksh", ".dash", ".ksh", ".zsh" };
        private static readonly string[] ScriptFolders = { "scripts", "script", "bin", "tools", "hack", ".ci" };
        private static readonly string[] Shells = { "sh", "bash", "mksh", "dash", "ksh", "zsh" };

        public string Ecosystem => ShellRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules => ShellRules.All;

        public bool Handles(DependencyFile file)
        {
            string extension = Path.GetExtension(file.Name);
            if (Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            if (extension.Length > 0)
            {
                return false;
            }

            string[] folders = file.RelativePath.Split('/');
            return folders.Length > 1 && ScriptFolders.Contains(folders[folders.Length - 2], StringComparer.OrdinalIgnoreCase);
        }

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            if (Path.GetExtension(file.Name).Length == 0 && !HasShellShebang(text))
            {
                return Array.Empty<DependencyFinding>();
            }

            var check = new ShellCommandCheck(file);
            check.Check(text, 1, cancellationToken);
            return check.Findings;
        }

        /// <summary>True when the first line is #!/bin/sh, #!/usr/bin/env bash and the like.</summary>
        public static bool HasShellShebang(string text)
        {
            if (!text.StartsWith("#!", StringComparison.Ordinal))
            {
                return false;
            }

            int end = text.IndexOf('\n');
            string[] parts = (end < 0 ? text.Substring(2) : text.Substring(2, end - 2)).Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return false;
            }

            string interpreter = PackageManagerCommands.BinaryName(parts[0]);
            if (interpreter == "env" && parts.Length > 1)
            {
                interpreter = PackageManagerCommands.BinaryName(parts[parts[1] == "-S" && parts.Length > 2 ? 2 : 1]);
            }

            return Shells.Contains(interpreter);
        }
    }
}
