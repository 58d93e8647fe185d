using System;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>One result of the inventory, in walk order: a component, a file that failed -VerifyFiles, or an error about one file.</summary>
    public sealed class InventoryOutcome
    {
        private InventoryOutcome(SoftwareComponent? component, ComponentFileCheck? fileCheck, Exception? error, string? errorPath)
        {
            Component = component;
            FileCheck = fileCheck;
            Error = error;
            ErrorPath = errorPath;
        }

        public SoftwareComponent? Component { get; }

        public ComponentFileCheck? FileCheck { get; }

        /// <summary>Why an evidence file or folder could not be used (<see cref="InventoryEvidenceException"/>, an IOException...).</summary>
        public Exception? Error { get; }

        /// <summary>The file or folder the error is about.</summary>
        public string? ErrorPath { get; }

        /// <summary>The path of the evidence being read when this outcome was produced (for progress).</summary>
        public string? CurrentPath { get; private set; }

        internal static InventoryOutcome Found(SoftwareComponent component) => new InventoryOutcome(component, null, null, null) { CurrentPath = component.Evidence };

        internal static InventoryOutcome Mismatch(ComponentFileCheck check) => new InventoryOutcome(null, check, null, null) { CurrentPath = check.Path };

        internal static InventoryOutcome Failed(string path, Exception error) => new InventoryOutcome(null, null, error, path) { CurrentPath = path };
    }
}
