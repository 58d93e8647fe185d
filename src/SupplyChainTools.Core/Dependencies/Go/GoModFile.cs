using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Go
{
    /// <summary>A require or replace directive of go.mod, with its line.</summary>
    internal sealed class GoDirective
    {
        public GoDirective(string verb, string module, string? version, string? target, string? targetVersion, int line)
        {
            Verb = verb;
            Module = module;
            Version = version;
            Target = target;
            TargetVersion = targetVersion;
            Line = line;
        }

        public string Verb { get; }

        public string Module { get; }

        public string? Version { get; }

        /// <summary>For replace: the module path or local folder on the right of =&gt;.</summary>
        public string? Target { get; }

        public string? TargetVersion { get; }

        public int Line { get; }
    }

    /// <summary>
    /// A bounded reader of go.mod's require and replace directives (single lines and blocks), as the Go reference
    /// documents them; comments are dropped, quoted paths unquoted, other directives ignored.
    /// </summary>
    internal static class GoModFile
    {
        public const int MaximumDirectives = 100_000;

        public static List<GoDirective> Read(string text, string path, CancellationToken cancellationToken)
        {
            var directives = new List<GoDirective>();
            string? block = null;
            string[] lines = text.Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string line = lines[index];
                int comment = line.IndexOf("//", StringComparison.Ordinal);
                line = (comment >= 0 ? line.Substring(0, comment) : line).Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                if (block != null)
                {
                    if (line == ")")
                    {
                        block = null;
                        continue;
                    }

                    Add(directives, block, line, index + 1, path);
                    continue;
                }

                string[] words = line.Split(new[] { ' ', '\t' }, 2, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 2 && (words[0] == "require" || words[0] == "replace"))
                {
                    if (words[1].Trim() == "(")
                    {
                        block = words[0];
                    }
                    else
                    {
                        Add(directives, words[0], words[1], index + 1, path);
                    }
                }
                else if (words.Length == 2 && words[1].Trim() == "(")
                {
                    block = "other";
                }
            }

            return directives;
        }

        private static void Add(List<GoDirective> directives, string verb, string text, int line, string path)
        {
            if (verb != "require" && verb != "replace")
            {
                return;
            }

            if (directives.Count >= MaximumDirectives)
            {
                throw new DependencyFileFormatException(path, line, "go.mod has more than " + MaximumDirectives + " directives.");
            }

            string[] words = text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = words[i].Trim('"', '`');
            }

            if (verb == "require")
            {
                if (words.Length < 2)
                {
                    throw new DependencyFileFormatException(path, line, "A require names no version: '" + text + "'.");
                }

                directives.Add(new GoDirective(verb, words[0], words[1], null, null, line));
                return;
            }

            int arrow = Array.IndexOf(words, "=>");
            if (arrow < 1 || arrow + 1 >= words.Length)
            {
                throw new DependencyFileFormatException(path, line, "A replace has no '=>' target: '" + text + "'.");
            }

            directives.Add(new GoDirective(verb, words[0], arrow > 1 ? words[1] : null, words[arrow + 1], arrow + 2 < words.Length ? words[arrow + 2] : null, line));
        }
    }
}
