using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>
    /// Package-manager commands that install something, and whether they pin it: Scorecard's rules for npm, go, pip,
    /// choco, nuget and dotnet add package, plus dotnet tool install and winget, which Scorecard does not check.
    /// Shared by shell and PowerShell scripts (the words are the same once a command is split).
    /// </summary>
    internal static class PackageManagerCommands
    {
        private static readonly Regex FullHash = new Regex("^[A-Fa-f0-9]{40,}$", RegexOptions.CultureInvariant);
        private static readonly Regex GoSemver = new Regex(@"^v\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?(\+[0-9A-Za-z-.]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex GoPackage = new Regex(@"\w+\.\w+/\w+", RegexOptions.CultureInvariant);
        private static readonly Regex Flag = new Regex(@"^(\-\-?\w+)+$", RegexOptions.CultureInvariant);
        private static readonly Regex RemoteEditable = new Regex("^(git|svn|hg|bzr).+$", RegexOptions.CultureInvariant);
        private static readonly Regex PinnedGit = new Regex(@"^git(\+(https?|ssh|git))?\:\/\/.*(.git)?@[a-fA-F0-9]{40}(#egg=.*)?$", RegexOptions.CultureInvariant);
        private static readonly string[] PythonInterpreters = { "python", "python3", "python2.7", "py" };

        /// <summary>The rule an unpinned install breaks, or null when the command installs nothing or pins what it installs.</summary>
        public static DependencyRule? UnpinnedInstall(IReadOnlyList<string> cmd)
        {
            if (cmd.Count == 0)
            {
                return null;
            }

            string name = BinaryName(cmd[0]);
            switch (name)
            {
                case "npm":
                    return IsNpmInstall(cmd) && !cmd.Skip(1).Any(w => w.Equals("ci", StringComparison.OrdinalIgnoreCase)) ? ShellRules.NpmInstall : null;
                case "go":
                    return cmd.Count > 2 && (cmd[1] == "get" || cmd[1] == "install") && IsUnpinnedGo(cmd) ? ShellRules.UnpinnedGoInstall : null;
                case "pip":
                case "pip3":
                    return cmd.Count >= 2 && cmd[1].Equals("install", StringComparison.OrdinalIgnoreCase) && IsUnpinnedPip(cmd) ? ShellRules.UnpinnedPipInstall : null;
                case "choco":
                case "choco.exe":
                    return cmd.Count >= 2 && cmd[1].Equals("install", StringComparison.OrdinalIgnoreCase) && !HasChecksumRequirement(cmd) ? ShellRules.UnpinnedChocoInstall : null;
                case "nuget":
                case "nuget.exe":
                    return IsUnpinnedNuGetCli(cmd) ? ShellRules.UnpinnedNuGetInstall : null;
                case "dotnet":
                case "dotnet.exe":
                    return IsUnpinnedDotnet(cmd) ? ShellRules.UnpinnedNuGetInstall : null;
                case "winget":
                case "winget.exe":
                    return cmd.Count >= 2 && cmd[1].Equals("install", StringComparison.OrdinalIgnoreCase) && !HasOption(cmd, 2, "--version", "-v") ? ShellRules.UnpinnedWingetInstall : null;
            }

            if (PythonInterpreters.Contains(name))
            {
                for (int i = 1; i < cmd.Count - 2; i++)
                {
                    if (cmd[i] == "-m" && cmd[i + 1].Equals("pip", StringComparison.OrdinalIgnoreCase))
                    {
                        var pip = cmd.Skip(i + 1).ToList();
                        return pip[1].Equals("install", StringComparison.OrdinalIgnoreCase) && IsUnpinnedPip(pip) ? ShellRules.UnpinnedPipInstall : null;
                    }
                }
            }

            return null;
        }

        /// <summary>The file name of a command word, lower-cased ("/usr/bin/curl" is "curl").</summary>
        public static string BinaryName(string word)
        {
            int slash = Math.Max(word.LastIndexOf('/'), word.LastIndexOf('\\'));
            return (slash >= 0 ? word.Substring(slash + 1) : word).ToLowerInvariant();
        }

        private static bool IsNpmInstall(IReadOnlyList<string> cmd) =>
            cmd.Skip(1).Any(w => w.Equals("install", StringComparison.OrdinalIgnoreCase) || w.Equals("i", StringComparison.OrdinalIgnoreCase)
                || w.Equals("install-test", StringComparison.OrdinalIgnoreCase) || w.Equals("update", StringComparison.OrdinalIgnoreCase)
                || w.Equals("ci", StringComparison.OrdinalIgnoreCase));

        private static bool IsUnpinnedGo(IReadOnlyList<string> cmd)
        {
            bool insecure = false;
            for (int i = 2; i < cmd.Count; i++)
            {
                string word = cmd[i];
                if (word.StartsWith("-", StringComparison.Ordinal))
                {
                    insecure |= word == "-insecure";
                    continue;
                }

                if (!GoPackage.IsMatch(word))
                {
                    return false; // a local folder
                }

                string[] parts = word.Split('@');
                if (parts.Length != 2)
                {
                    continue;
                }

                string version = parts[1];
                if (version == "none" || FullHash.IsMatch(version) || (!insecure && GoSemver.IsMatch(version)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsUnpinnedPip(IReadOnlyList<string> cmd)
        {
            bool noDeps = false, editable = false, pinnedEditable = true, additional = false, wheel = false;
            for (int i = 2; i < cmd.Count; i++)
            {
                string word = cmd[i];
                if (word.Equals("--no-deps", StringComparison.OrdinalIgnoreCase))
                {
                    noDeps = true;
                }
                else if (word == "-e" || word == "--editable")
                {
                    editable = true;
                }
                else if (word.Equals("--require-hashes", StringComparison.OrdinalIgnoreCase))
                {
                    return editable && (!noDeps || !pinnedEditable);
                }
                else if (Flag.IsMatch(word))
                {
                    continue;
                }
                else if (word.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
                {
                    wheel = true;
                }
                else if (editable)
                {
                    pinnedEditable &= !RemoteEditable.IsMatch(word) || PinnedGit.IsMatch(word);
                }
                else
                {
                    additional = true;
                }
            }

            if (editable)
            {
                return !noDeps || !pinnedEditable;
            }

            return additional || !wheel;
        }

        private static bool HasChecksumRequirement(IReadOnlyList<string> cmd)
        {
            for (int i = 2; i < cmd.Count; i++)
            {
                string option = cmd[i].Split('=')[0];
                if (option.Equals("--requirechecksum", StringComparison.OrdinalIgnoreCase) || option.Equals("--requirechecksums", StringComparison.OrdinalIgnoreCase)
                    || option.Equals("--require-checksums", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUnpinnedNuGetCli(IReadOnlyList<string> cmd)
        {
            if (cmd.Count < 2 || !cmd[1].Equals("install", StringComparison.OrdinalIgnoreCase) || cmd.Count == 2)
            {
                return false;
            }

            return !cmd[2].EndsWith("packages.config", StringComparison.OrdinalIgnoreCase) && !HasOption(cmd, 2, "-Version");
        }

        private static bool IsUnpinnedDotnet(IReadOnlyList<string> cmd)
        {
            if (cmd.Count >= 4 && cmd[1].Equals("add", StringComparison.OrdinalIgnoreCase)
                && (cmd[2].Equals("package", StringComparison.OrdinalIgnoreCase) || cmd[3].Equals("package", StringComparison.OrdinalIgnoreCase)))
            {
                return !HasOption(cmd, 3, "-v", "--version");
            }

            // Beyond Scorecard: a global or local tool installed by name takes the newest version.
            if (cmd.Count >= 4 && cmd[1].Equals("tool", StringComparison.OrdinalIgnoreCase)
                && (cmd[2].Equals("install", StringComparison.OrdinalIgnoreCase) || cmd[2].Equals("update", StringComparison.OrdinalIgnoreCase)))
            {
                return !HasOption(cmd, 3, "--version");
            }

            return false;
        }

        private static bool HasOption(IReadOnlyList<string> cmd, int start, params string[] names)
        {
            for (int i = start; i < cmd.Count; i++)
            {
                string option = cmd[i].Split('=')[0];
                if (names.Any(n => n.Equals(option, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
