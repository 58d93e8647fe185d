using System.Collections.Generic;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>One word of a simple command: its text with quotes removed, and the command substitutions inside it.</summary>
    internal sealed class ShellWord
    {
        public ShellWord(string text, IReadOnlyList<string> substitutions, bool isProcessSubstitution)
        {
            Text = text;
            Substitutions = substitutions;
            IsProcessSubstitution = isProcessSubstitution;
        }

        public string Text { get; }

        /// <summary>The text inside each $(...), `...` or &lt;(...) of the word, to be read as a script of its own.</summary>
        public IReadOnlyList<string> Substitutions { get; }

        /// <summary>True for a word that is a process substitution &lt;(...) (bash &lt;(curl ...)).</summary>
        public bool IsProcessSubstitution { get; }
    }

    /// <summary>A simple command: its words (leading assignments, sudo and keywords dropped), its line, its output redirection.</summary>
    internal sealed class ShellCommand
    {
        public ShellCommand(IReadOnlyList<ShellWord> words, int line, string? redirectTarget, bool pipesIntoNext)
        {
            Words = words;
            Line = line;
            RedirectTarget = redirectTarget;
            PipesIntoNext = pipesIntoNext;
        }

        public IReadOnlyList<ShellWord> Words { get; }

        public int Line { get; }

        /// <summary>The file named by a '&gt;' or '&gt;&gt;' redirection, when there is one.</summary>
        public string? RedirectTarget { get; }

        /// <summary>True when the command's output is piped into the next command of the same pipeline.</summary>
        public bool PipesIntoNext { get; }

        public string Name => Words.Count == 0 ? string.Empty : Words[0].Text;

        public string Argument(int index) => index < Words.Count ? Words[index].Text : string.Empty;
    }
}
