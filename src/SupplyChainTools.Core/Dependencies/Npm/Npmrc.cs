using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Npm
{
    /// <summary>A setting of an .npmrc, with its line.</summary>
    internal sealed class NpmrcSetting
    {
        public NpmrcSetting(string key, string value, int line)
        {
            Key = key;
            Value = value;
            Line = line;
        }

        public string Key { get; }
        public string Value { get; }
        public int Line { get; }
    }

    /// <summary>.npmrc (npm's ini format: key=value lines, '#' and ';' comments); bounded in lines.</summary>
    internal sealed class Npmrc
    {
        private const int MaxLines = 100_000;

        public List<NpmrcSetting> Settings { get; } = new List<NpmrcSetting>();

        public static Npmrc Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            var npmrc = new Npmrc();
            string[] lines = text.Text.Split('\n');
            if (lines.Length > MaxLines)
            {
                throw text.Invalid(MaxLines, $"more than {MaxLines} lines");
            }

            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';' || line[0] == '[')
                {
                    continue;
                }

                int equals = line.IndexOf('=');
                if (equals <= 0)
                {
                    continue; // npm ignores a line without a value; so does the audit.
                }

                npmrc.Settings.Add(new NpmrcSetting(line.Substring(0, equals).Trim(), line.Substring(equals + 1).Trim().Trim('"', '\''), i + 1));
            }

            return npmrc;
        }

        /// <summary>The registry for a scope ("@contoso"), or the default registry for null; null when not set here.</summary>
        public string? RegistryFor(string? scope)
        {
            string key = scope == null ? "registry" : scope + ":registry";
            string? value = null;
            foreach (NpmrcSetting setting in Settings)
            {
                if (string.Equals(setting.Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    value = setting.Value;
                }
            }

            return value;
        }

        public static bool IsRegistryKey(string key) =>
            string.Equals(key, "registry", StringComparison.OrdinalIgnoreCase) || key.EndsWith(":registry", StringComparison.OrdinalIgnoreCase);
    }
}
