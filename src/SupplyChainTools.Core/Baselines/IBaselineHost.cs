using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>
    /// What a baseline use case needs from whoever runs it: path resolution and wildcard names it cannot know,
    /// the trust settings, confirmation, and where warnings, errors, progress and changes go. Every call is made
    /// on the thread that called the use case.
    /// </summary>
    public interface IBaselineHost
    {
        /// <summary>Folder arguments (wildcards allowed) as existing folders; reports each that is not one.</summary>
        IReadOnlyList<string> ResolveFolders(IReadOnlyList<string> inputs);

        /// <summary>One folder argument as a full path without a trailing separator, or null after reporting that it is not a folder (<paramref name="advice"/> says what it should be).</summary>
        string? ResolveFolder(string input, string advice);

        /// <summary>Include and exclude wildcards on file names; null when there are none.</summary>
        Func<string, bool>? MatchNames(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude);

        AuthenticodeVerifier CreateVerifier();

        bool ShouldProcess(string target, string action);

        void Warn(string sentence);

        /// <summary>A non-terminating error: the run goes on.</summary>
        void Report(BaselineRunException error);

        void Progress(long done, long bytes, string? current, long? total);

        void Output(BaselineChange change);
    }
}
