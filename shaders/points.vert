#version 330 core
// One scatter point: data-space position mapped through the view rectangle to clip space.
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec4 a_color;

uniform vec4 u_view;        // x_min, y_min, x_max, y_max of the visible data rectangle
uniform float u_point_size; // diameter in pixels

out vec4 v_color;

void main() {
    vec2 t = (a_position - u_view.xy) / (u_view.zw - u_view.xy);
    gl_Position = vec4(t * 2.0 - 1.0, 0.0, 1.0);
    gl_PointSize = u_point_size;
    v_color = a_color;
}
