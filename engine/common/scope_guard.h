#pragma once

#include <utility>

namespace berth {

// Runs a callable on scope exit unless dismissed: the undo step of a multi-step setup.
template <typename F> class ScopeGuard final {
public:
    explicit ScopeGuard(F undo)
        : undo_(std::move(undo)) {}
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    ~ScopeGuard() {
        if (active_) {
            undo_();
        }
    }
    void dismiss() { active_ = false; }

private:
    F undo_;
    bool active_ = true;
};

} // namespace berth
