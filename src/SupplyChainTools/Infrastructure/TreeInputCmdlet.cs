using System;
using System.Management.Automation;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>File cmdlets that also walk folders and work on several files at once.</summary>
    public abstract class TreeInputCmdlet : FileInputCmdlet
    {
        /// <summary>Process the files under directories given as input, depth-first in ordinal name order.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>File-name wildcards to take (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Include { get; set; }

        /// <summary>File-name wildcards to leave out (case-insensitive).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Exclude { get; set; }

        /// <summary>Descend into symbolic links to directories while recursing. Loops are never walked.</summary>
        [Parameter]
        public SwitchParameter FollowSymlink { get; set; }

        /// <summary>How many files are processed at once (default: one per processor).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>
        /// The walk the parameters ask for. Special files (pipes, devices) are refused by the workers that open
        /// files, which reports them as passed over for walked files; the walk itself skips one lstat per file.
        /// </summary>
        protected FileWalkOptions BuildWalkOptions() => new FileWalkOptions
        {
            Recurse = Recurse.IsPresent,
            FollowDirectoryLinks = FollowSymlink.IsPresent,
            FileNameFilter = BuildNameFilter(Include, Exclude),
            SkipSpecialFiles = false,
        };
    }
}
