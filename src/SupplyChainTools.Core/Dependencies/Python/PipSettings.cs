using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>One source setting of pip or uv, wherever it was written: a requirements option, pip.conf, uv.toml, an environment file.</summary>
    internal sealed class PipSetting
    {
        public PipSetting(string name, string value, int line)
        {
            Name = name;
            Value = value;
            Line = line;
        }

        /// <summary>Normalised: index-url, extra-index-url, trusted-host, find-links, index-strategy.</summary>
        public string Name { get; }
        public string Value { get; }
        public int Line { get; }
    }

    /// <summary>
    /// Reads the source settings of pip and uv from the files that hold them: requirements options, pip.conf /
    /// pip.ini (INI, with indented continuation lines), uv.toml and pyproject.toml (the index-strategy key), and
    /// .env files (PIP_* and UV_* variables). Only the settings the source rules need; bounded in lines.
    /// </summary>
    internal static class PipSettings
    {
        private const int MaxLines = 200_000;

        private static readonly Dictionary<string, string> RequirementOptions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["-i"] = "index-url", ["--index-url"] = "index-url", ["--extra-index-url"] = "extra-index-url",
            ["--trusted-host"] = "trusted-host", ["-f"] = "find-links", ["--find-links"] = "find-links",
        };

        private static readonly Dictionary<string, string> EnvironmentVariables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PIP_INDEX_URL"] = "index-url", ["PIP_EXTRA_INDEX_URL"] = "extra-index-url", ["PIP_TRUSTED_HOST"] = "trusted-host",
            ["PIP_FIND_LINKS"] = "find-links", ["UV_INDEX_URL"] = "index-url", ["UV_DEFAULT_INDEX"] = "index-url",
            ["UV_EXTRA_INDEX_URL"] = "extra-index-url", ["UV_INDEX"] = "extra-index-url", ["UV_INSECURE_HOST"] = "trusted-host",
            ["UV_INDEX_STRATEGY"] = "index-strategy",
        };

        public static bool IsPipConfig(string name) =>
            string.Equals(name, "pip.conf", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "pip.ini", StringComparison.OrdinalIgnoreCase);

        public static bool IsUvConfig(string name) =>
            string.Equals(name, "uv.toml", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "pyproject.toml", StringComparison.OrdinalIgnoreCase);

        public static bool IsEnvironmentFile(string name) =>
            string.Equals(name, ".env", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".env", StringComparison.OrdinalIgnoreCase);

        public static List<PipSetting> Read(DependencyFile file, CancellationToken cancellationToken)
        {
            if (RequirementsFile.IsRequirementsFile(file))
            {
                return FromRequirements(file, cancellationToken);
            }

            DependencyText text = DependencyText.Read(file, cancellationToken);
            string[] lines = text.Text.Split('\n');
            if (lines.Length > MaxLines)
            {
                throw text.Invalid(MaxLines, $"more than {MaxLines} lines");
            }

            if (IsPipConfig(file.Name))
            {
                return FromPipConfig(lines);
            }

            return IsUvConfig(file.Name) ? FromToml(lines) : FromEnvironment(lines);
        }

        private static List<PipSetting> FromRequirements(DependencyFile file, CancellationToken cancellationToken)
        {
            var settings = new List<PipSetting>();
            foreach (RequirementLine line in RequirementsFile.Read(file, cancellationToken))
            {
                foreach (KeyValuePair<string, string> option in RequirementOptions)
                {
                    string? value = line.IsOption ? RequirementsFile.OptionValue(line, option.Key) : null;
                    if (value != null)
                    {
                        settings.Add(new PipSetting(option.Value, value, line.Line));
                    }
                }
            }

            return settings;
        }

        /// <summary>pip.conf: [section] headers, key = value, values continued on indented lines, '#' and ';' comments.</summary>
        private static List<PipSetting> FromPipConfig(string[] lines)
        {
            var settings = new List<PipSetting>();
            string? key = null;
            for (int i = 0; i < lines.Length; i++)
            {
                string raw = lines[i].TrimEnd('\r');
                string line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    key = null;
                    continue;
                }

                if (char.IsWhiteSpace(raw[0]) && key != null)
                {
                    AddValues(settings, key, line, i + 1);
                    continue;
                }

                int equals = line.IndexOfAny(new[] { '=', ':' });
                if (equals <= 0)
                {
                    key = null;
                    continue;
                }

                key = line.Substring(0, equals).Trim().Replace('_', '-').ToLowerInvariant();
                AddValues(settings, key, line.Substring(equals + 1).Trim(), i + 1);
            }

            return settings;
        }

        /// <summary>uv.toml and pyproject.toml: only index-strategy (top level in uv.toml, under [tool.uv] in pyproject.toml).</summary>
        private static List<PipSetting> FromToml(string[] lines)
        {
            var settings = new List<PipSetting>();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.StartsWith("index-strategy", StringComparison.Ordinal) || line.StartsWith("index_strategy", StringComparison.Ordinal))
                {
                    int equals = line.IndexOf('=');
                    if (equals > 0)
                    {
                        string value = line.Substring(equals + 1).Split('#')[0].Trim().Trim('"', '\'');
                        settings.Add(new PipSetting("index-strategy", value, i + 1));
                    }
                }
            }

            return settings;
        }

        /// <summary>.env files: NAME=value lines (an optional 'export '), the PIP_* and UV_* variables that choose sources.</summary>
        private static List<PipSetting> FromEnvironment(string[] lines)
        {
            var settings = new List<PipSetting>();
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    line = line.Substring(7).TrimStart();
                }

                int equals = line.IndexOf('=');
                if (equals > 0 && EnvironmentVariables.TryGetValue(line.Substring(0, equals).Trim(), out string? name))
                {
                    AddValues(settings, name, line.Substring(equals + 1).Trim().Trim('"', '\''), i + 1);
                }
            }

            return settings;
        }

        private static void AddValues(List<PipSetting> settings, string key, string values, int line)
        {
            foreach (string value in values.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                settings.Add(new PipSetting(key, value, line));
            }
        }
    }
}
