using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Docker
{
    /// <summary>
    /// One Dockerfile instruction with its continuation lines joined: keyword (upper case), arguments, the line it
    /// starts on and the line its script starts on (the next line for a RUN here-document). Honours the escape
    /// parser directive, comment lines inside continuations and RUN here-documents (&lt;&lt;EOF ... EOF).
    /// </summary>
    internal sealed class DockerInstruction
    {
        private DockerInstruction(string keyword, string arguments, int line, int scriptLine)
        {
            Keyword = keyword;
            Arguments = arguments;
            Line = line;
            ScriptLine = scriptLine;
        }

        public string Keyword { get; }

        public string Arguments { get; }

        public int Line { get; }

        public int ScriptLine { get; }

        public static IEnumerable<DockerInstruction> Read(string text, CancellationToken cancellationToken)
        {
            string[] lines = text.Split('\n');
            char escape = '\\';
            bool directives = true;
            int index = 0;
            while (index < lines.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string line = lines[index].TrimEnd('\r');
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal))
                {
                    if (directives && trimmed.StartsWith("#", StringComparison.Ordinal) && trimmed.Replace(" ", string.Empty).StartsWith("#escape=", StringComparison.OrdinalIgnoreCase))
                    {
                        string value = trimmed.Substring(trimmed.IndexOf('=') + 1).Trim();
                        escape = value.Length == 1 ? value[0] : escape;
                    }

                    directives &= trimmed.StartsWith("#", StringComparison.Ordinal) && trimmed.Contains("=");
                    index++;
                    continue;
                }

                directives = false;
                int start = index + 1;
                var joined = new StringBuilder();
                while (true)
                {
                    string current = lines[index].TrimEnd('\r');
                    string content = current.TrimEnd();
                    index++;
                    if (content.Length > 0 && content[content.Length - 1] == escape && index < lines.Length)
                    {
                        joined.Append(content, 0, content.Length - 1).Append(' ');
                        while (index < lines.Length && lines[index].TrimStart().StartsWith("#", StringComparison.Ordinal))
                        {
                            index++;
                        }

                        continue;
                    }

                    joined.Append(content);
                    break;
                }

                string instruction = joined.ToString().Trim();
                int space = instruction.IndexOfAny(new[] { ' ', '\t' });
                string keyword = (space < 0 ? instruction : instruction.Substring(0, space)).ToUpperInvariant();
                string arguments = space < 0 ? string.Empty : instruction.Substring(space + 1).Trim();
                int here = arguments.IndexOf("<<", StringComparison.Ordinal);
                if (keyword == "RUN" && here >= 0 && here + 2 < arguments.Length && arguments[here + 2] != '<')
                {
                    string delimiter = arguments.Substring(here + 2).TrimStart('-').Trim().Split(' ')[0].Trim('"', '\'');
                    var body = new StringBuilder();
                    int scriptLine = index + 1;
                    while (index < lines.Length && lines[index].TrimEnd('\r').Trim() != delimiter)
                    {
                        body.Append(lines[index].TrimEnd('\r')).Append('\n');
                        index++;
                    }

                    index++;
                    yield return new DockerInstruction(keyword, body.ToString(), start, scriptLine);
                    continue;
                }

                yield return new DockerInstruction(keyword, arguments, start, start);
            }
        }
    }
}
